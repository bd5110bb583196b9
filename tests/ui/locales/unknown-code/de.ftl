# A code the enum renamed.
NotFound = Buch nicht gefunden
BookGone = Buch entfernt
