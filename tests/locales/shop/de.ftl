# German messages of `ShopError` (tests/l10n.rs).
ItemNotFound = Artikel { $sku } wurde nicht gefunden
    .title = Artikel nicht gefunden
CartFull = { $count ->
    [0] Ihr Warenkorb ist leer
    [one] Ihr Warenkorb enthält einen Artikel, mehr geht nicht
   *[other] Ihr Warenkorb enthält { $count } Artikel, mehr geht nicht
}
Unavailable = Bitte in { $retry_after_seconds } s erneut versuchen
Unauthorized =
    .title = Nicht angemeldet
