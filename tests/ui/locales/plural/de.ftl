TooMany = { $count ->
    [one] Ein Buch ist zu viel
    [few] Ein paar Bücher sind zu viel
   *[other] { $count } Bücher sind zu viel
}
ByTitle = { $title ->
    [Faust] Faust ist vergriffen
   *[other] { $title } ist vergriffen
}
