Database = Datenbankfehler bei { $query }
Unavailable = Erneut versuchen in { $retry_after } s (über { $upstream })
