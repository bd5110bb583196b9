NotFound = Buch nicht gefunden
