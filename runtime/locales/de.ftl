# German messages of the `BookError` of the crate docs' examples (`#[api(locales = "locales")]`
# is relative to this crate's manifest directory). Not part of the library.
BookNotFound = Buch { $isbn } nicht gefunden
    .title = Buch nicht gefunden
OutOfStock = { $copies ->
    [0] Kein Exemplar mehr auf Lager
    [one] Nur noch ein Exemplar auf Lager
   *[other] Nur noch { $copies } Exemplare auf Lager
}
