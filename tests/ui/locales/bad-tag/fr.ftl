NotFound = Livre introuvable
