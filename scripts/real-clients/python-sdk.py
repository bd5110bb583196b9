"""Drives the Connect-style example server with commercetools' Python SDK (PyPI
`commercetools`), as scripts/real-clients.sh installs it.

    python3 python-sdk.py http://127.0.0.1:PORT

The SDK is generated for commercetools' platform API and has no request builders for
Connect's deployments, so `Deployments` below is one written the way the SDK's generated
builders are: the SDK's own client sends the request (`BaseClient._post`, `_get`,
`_delete`, with the SDK's `force_version` retry of a 409), and an error status is parsed by
the SDK's `ErrorResponse.deserialize` and raised as its `CommercetoolsError`.

Checks, for every error the server documents: the exception's `code`, the parsed
response's `status_code` and `message`, and for the 409 `current_version`; and that
`force_version` recovers from a stale version. Exits non-zero when a check fails.

One documented error cannot be parsed by this SDK: `InvalidQueryParam` is a Connect code,
and the SDK only knows the platform's codes, so `ErrorResponse.deserialize` raises
`ValueError: Could not find discriminator schema InvalidQueryParam`. That refusal is
checked as such (so a release that learns the code is noticed), and reported.

Nothing here talks to anything but the loopback server given on the command line: the
OAuth token comes from a token saver (the SDK's documented hook), not a token endpoint.
"""

import os
import re
import sys
import time

# The loopback server speaks plain HTTP; oauthlib refuses to send a token over it unless told.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from commercetools import CommercetoolsError  # noqa: E402
from commercetools.base_client import BaseClient  # noqa: E402
from commercetools.platform.models import ErrorResponse  # noqa: E402
from commercetools.utils import BaseTokenSaver  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else ""
if not re.fullmatch(r"http://(127\.0\.0\.1|localhost|\[::1\]):\d+", BASE):
    sys.exit("usage: python3 python-sdk.py http://127.0.0.1:PORT (a loopback address)")


class FixedToken(BaseTokenSaver):
    """A token that is already there, so the client never asks a token endpoint."""

    def get_token(self, client_id, scopes):
        return {
            "access_token": "real-clients-check",
            "token_type": "Bearer",
            "expires_at": time.time() + 3600,
        }

    def add_token(self, client_id, scopes, token):
        pass


class Deployments:
    """`/deployments/key={key}`, written as the SDK's generated request builders are."""

    ERROR_STATUSES = (400, 401, 403, 409, 500, 502, 503)

    def __init__(self, client: BaseClient):
        self._client = client

    def _answer(self, response, success):
        if response.status_code == success:
            return response.json()
        if response.status_code in self.ERROR_STATUSES or response.status_code == 404:
            # The generated GET builders return None for a 404; the body is parsed here
            # the same way as every other error's, to check it.
            obj = ErrorResponse.deserialize(response.json())
            raise self._client._create_exception(obj, response)
        raise AssertionError(f"unexpected status {response.status_code}: {response.text}")

    def create(self, key, region):
        response = self._client._post(
            endpoint="/deployments",
            params={},
            json={"key": key, "region": region},
            headers={"Content-Type": "application/json"},
        )
        return self._answer(response, 201)

    def create_raw(self, data):
        response = self._client._post(
            endpoint="/deployments",
            params={},
            data=data,
            headers={"Content-Type": "application/json"},
        )
        return self._answer(response, 201)

    def query(self, **params):
        return self._answer(self._client._get(endpoint="/deployments", params=params), 200)

    def get(self, key):
        return self._answer(self._client._get(endpoint=f"/deployments/key={key}", params={}), 200)

    def update(self, key, version, actions, force_version=False):
        response = self._client._post(
            endpoint=f"/deployments/key={key}",
            params={},
            json={"version": version, "actions": actions},
            headers={"Content-Type": "application/json"},
            options={"force_version": force_version},
        )
        return self._answer(response, 200)

    def delete(self, key, version, force_version=False):
        response = self._client._delete(
            endpoint=f"/deployments/key={key}",
            params={"version": version},
            options={"force_version": force_version},
        )
        return self._answer(response, 200)


checks = 0


def expect_error(call, *, code, status, message):
    """Runs `call`, which must raise the SDK's error with these facts; returns it."""
    global checks
    try:
        answer = call()
    except CommercetoolsError as error:
        assert error.code == code, f"code {error.code!r} != {code!r}"
        assert error.codes[0] == code
        assert error.response.status_code == status, f"status {error.response.status_code}"
        assert str(error.args[0]) == message, f"message {error.args[0]!r} != {message!r}"
        assert error.response.message == message
        assert error.response.errors[0].code == code
        checks += 1
        return error
    raise AssertionError(f"expected {code}, got a success: {answer}")


def main():
    global checks
    client = BaseClient(
        client_id="real-clients",
        client_secret="unused",
        scope=["manage_project:demo"],
        url=BASE,
        token_url=f"{BASE}/oauth/token",
        token_saver=FixedToken(),
    )
    deployments = Deployments(client)
    key = f"py-{os.getpid()}"

    created = deployments.create(key, "europe-west1")
    assert created["version"] == 1
    deployment_id = created["id"]
    conflict = (
        f"Object id={deployment_id} or key={key} has a different version than expected. "
        "Expected: 7 - Actual: {})"
    )

    stale = expect_error(
        lambda: deployments.update(key, 7, [{"action": "setRegion", "region": "us-east1"}]),
        code="ConcurrentModification",
        status=409,
        message=conflict.format(1),
    )
    assert stale.response.errors[0].current_version == 1, "current_version"
    assert stale.errors[0]["expectedVersion"] == 7

    # The SDK's own retry of a 409 (`force_version`): the same update with currentVersion.
    updated = deployments.update(
        key, 7, [{"action": "setRegion", "region": "us-east1"}], force_version=True
    )
    assert updated["version"] == 2 and updated["region"] == "us-east1", updated
    checks += 1
    print("python-sdk: force_version recovered from a 409")

    expect_error(
        lambda: deployments.create_raw('{"key":'),
        code="InvalidJsonInput",
        status=400,
        message="Request body does not contain valid JSON.",
    )
    duplicate = expect_error(
        lambda: deployments.create(key, "x"),
        code="DuplicateField",
        status=400,
        message=f'A duplicate value "{key}" exists for field key.',
    )
    assert duplicate.response.errors[0].field == "key"
    assert duplicate.response.errors[0].duplicate_value == key

    missing = expect_error(
        lambda: deployments.get("nope"),
        code="ResourceNotFound",
        status=404,
        message="Deployment with id= or key=nope does not exist",
    )
    assert missing.response.errors[0].code == "ResourceNotFound"

    unknown = expect_error(
        lambda: deployments.update(key, 2, [{"action": "rename"}, {"action": "setKey"}]),
        code="InvalidOperation",
        status=400,
        message="Unknown update action 'rename'.",
    )
    assert unknown.codes == ["InvalidOperation", "InvalidOperation"], unknown.codes

    stale_delete = expect_error(
        lambda: deployments.delete(key, 7),
        code="ConcurrentModification",
        status=409,
        message=conflict.format(2),
    )
    assert stale_delete.response.errors[0].current_version == 2

    # The Connect-only code: the SDK refuses it (see the module's docs).
    try:
        deployments.query(limit="many")
    except ValueError as error:
        assert "Could not find discriminator schema InvalidQueryParam" in str(error), error
        checks += 1
        print(
            "python-sdk: InvalidQueryParam is a Connect-only code this platform SDK cannot "
            "parse (ValueError, as expected)"
        )
    else:
        raise AssertionError("the SDK parsed InvalidQueryParam: update this check")

    deleted = deployments.delete(key, 7, force_version=True)
    assert deleted["key"] == key
    checks += 1
    print(f"python-sdk: {checks} checks passed")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - any failure is a failed check
        import traceback

        traceback.print_exc()
        print("python-sdk: FAILED", file=sys.stderr)
        sys.exit(1)
