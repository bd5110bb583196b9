NotFound = Buch nicht gefunden
Removed = { $when
