# German messages of `benches/localized.rs`: as long as the English ones, give or take.
ConcurrentModification = Objekt id={ $resource_id } oder key={ $resource_key } hat eine andere Version als erwartet. Erwartet: { $expected_version } - Aktuell: { $current_version })
    .title = Konflikt
OutOfStock = { $copies ->
    [0] Kein Exemplar mehr auf Lager
    [one] Nur noch ein Exemplar auf Lager
   *[other] Nur noch { $copies } Exemplare auf Lager
}
