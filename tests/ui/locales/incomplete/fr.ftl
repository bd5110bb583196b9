NotFound = Livre introuvable
Removed = Livre retiré
