ItemNotFound = L'article « { $sku } » est introuvable, dit {"\""}la boutique{"\""}
CartFull = { $count ->
    [one] Votre panier contient { $count } article
    [many] Votre panier contient { $count } d’articles
   *[other] Votre panier contient { $count } articles
}
