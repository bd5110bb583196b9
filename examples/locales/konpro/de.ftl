# German messages of the KonPro-style API (`KonProError`, examples/src/konpro.rs): one per
# code; codes, field names and the shape of the envelope stay as they are.
# `RATE_LIMIT_EXCEEDED` computes its number from a field (`message(...)`), which a
# translation cannot do: it stays in English.
INVALID_REQUEST = Der Anfragetext ist ungültig
VALIDATION_ERROR = Die Anfrage hat die Prüfung nicht bestanden
INVALID_API_KEY = Der API-Schlüssel fehlt oder ist ungültig
INSUFFICIENT_PERMISSIONS = Dem API-Schlüssel fehlt die nötige Berechtigung { $scope }
RESOURCE_NOT_FOUND = { $resource } { $id } wurde nicht gefunden
METHOD_NOT_ALLOWED = Die Methode { $method } ist auf { $path } nicht erlaubt
UNSUPPORTED_MEDIA_TYPE = Der Anfragetext muss als application/json gesendet werden
