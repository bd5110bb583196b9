# German messages of the README's example (tests/readme.rs runs it).
BookNotFound = Buch { $isbn } nicht gefunden
    .title = Buch nicht gefunden
OutOfStock = { $copies ->
    [0] Kein Exemplar mehr auf Lager
    [one] Nur noch ein Exemplar auf Lager
   *[other] Nur noch { $copies } Exemplare auf Lager
}
