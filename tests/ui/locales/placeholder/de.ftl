NotFound = Buch { $isnb } nicht gefunden
