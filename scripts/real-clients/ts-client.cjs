// Drives the Connect-style example server with commercetools' TypeScript client
// (npm `@commercetools/ts-client`), as scripts/real-clients.sh installs it.
//
//   node ts-client.cjs http://127.0.0.1:PORT
//
// Proves two things, and exits non-zero when either does not hold:
// 1. a client built with `ClientBuilder ... withConcurrentModificationMiddleware()` recovers
//    from a stale version by itself (the middleware re-sends the update with the 409's
//    `errors[0].currentVersion`), while the same client without the middleware gets the 409;
// 2. every error the server documents is parsed by the client: its error's `code`,
//    `statusCode`, `message`, `name` and, for the 409, `body.errors[0].currentVersion`.
//
// The client is loaded from NODE_PATH (the script sets it to its cache); nothing here talks
// to anything but the loopback server given on the command line.

'use strict'

const assert = require('node:assert/strict')
const { ClientBuilder } = require('@commercetools/ts-client')

const base = process.argv[2]
if (!base || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) {
  console.error('usage: node ts-client.cjs http://127.0.0.1:PORT (a loopback address)')
  process.exit(2)
}

/** A client as commercetools documents building one; no auth middleware (the server has none). */
function client({ concurrentModification }) {
  let builder = new ClientBuilder().withHttpMiddleware({ host: base, httpClient: fetch })
  if (concurrentModification) builder = builder.withConcurrentModificationMiddleware()
  return builder.build()
}

/** The error a request is rejected with; fails when it succeeds. */
async function rejection(client, request) {
  try {
    const response = await client.execute(request)
    assert.fail(`${request.method} ${request.uri} succeeded: ${JSON.stringify(response.body)}`)
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error
    return error
  }
}

const json = { 'Content-Type': 'application/json' }
let checks = 0

/** Checks what the client made of an error response. */
function expectError(error, { name, statusCode, code, message }) {
  assert.equal(error.name, name, 'error name')
  assert.equal(error.statusCode, statusCode, 'statusCode')
  assert.equal(error.code, code, 'code (errors[0].code)')
  assert.equal(error.message, message, 'message')
  // The parsed body is the server's: `message` is the first error's.
  assert.equal(error.body.statusCode, statusCode)
  assert.equal(error.body.errors[0].code, code)
  checks += 1
}

async function main() {
  const plain = client({ concurrentModification: false })
  const retrying = client({ concurrentModification: true })
  const key = `ts-${process.pid}`

  const created = await plain.execute({
    uri: '/deployments',
    method: 'POST',
    headers: json,
    body: { key, region: 'europe-west1' },
  })
  assert.equal(created.statusCode, 201)
  assert.equal(created.body.version, 1)

  // 1. Recovery from a stale version. Without the middleware: the 409, with currentVersion.
  const stale = {
    uri: `/deployments/key=${key}`,
    method: 'POST',
    headers: json,
    body: { version: 7, actions: [{ action: 'setRegion', region: 'us-east1' }] },
  }
  const conflict = await rejection(plain, structuredClone(stale))
  const conflictMessage = `Object id=${created.body.id} or key=${key} has a different version than expected. Expected: 7 - Actual: 1)`
  expectError(conflict, {
    name: 'ConcurrentModification',
    statusCode: 409,
    code: 'ConcurrentModification',
    message: conflictMessage,
  })
  assert.equal(conflict.body.errors[0].currentVersion, 1, 'currentVersion')
  assert.equal(conflict.body.errors[0].expectedVersion, 7, 'expectedVersion')

  // With the middleware: the same request succeeds, the retry having sent version 1.
  const recovered = await retrying.execute(structuredClone(stale))
  assert.equal(recovered.statusCode, 200)
  assert.equal(recovered.body.version, 2, 'one new version')
  assert.equal(recovered.body.region, 'us-east1', 'the action was applied')
  checks += 1
  console.log('ts-client: withConcurrentModificationMiddleware() recovered from a 409 by itself')

  // An empty action list is a valid update too; the middleware recovers it as well.
  const empty = await retrying.execute({
    uri: `/deployments/key=${key}`,
    method: 'POST',
    headers: json,
    body: { version: 1, actions: [] },
  })
  assert.equal(empty.statusCode, 200)
  assert.equal(empty.body.version, 2, 'an empty list changes nothing')
  checks += 1

  // 2. Every documented error, parsed.
  const invalidJson = 'Request body does not contain valid JSON.'
  expectError(
    await rejection(plain, { uri: '/deployments', method: 'POST', headers: json, body: '{"key":' }),
    { name: 'BadRequest', statusCode: 400, code: 'InvalidJsonInput', message: invalidJson },
  )
  expectError(
    await rejection(plain, {
      uri: '/deployments',
      method: 'POST',
      headers: json,
      body: { key, region: 'x' },
    }),
    {
      name: 'BadRequest',
      statusCode: 400,
      code: 'DuplicateField',
      message: `A duplicate value "${key}" exists for field key.`,
    },
  )
  const badLimit = await rejection(plain, { uri: '/deployments?limit=many', method: 'GET' })
  expectError(badLimit, {
    name: 'BadRequest',
    statusCode: 400,
    code: 'InvalidQueryParam',
    message: 'Request query param is not valid',
  })
  assert.match(badLimit.body.errors[0].detailedErrorMessage, /limit/)

  // A 404's message is the client's own (`URI not found: <uri>`); the body is the server's.
  const missing = await rejection(plain, { uri: '/deployments/key=nope', method: 'GET' })
  expectError(missing, {
    name: 'NotFound',
    statusCode: 404,
    code: 'ResourceNotFound',
    message: 'URI not found: /deployments/key=nope',
  })
  assert.equal(missing.body.message, 'Deployment with id= or key=nope does not exist')

  const unknownAction = await rejection(plain, {
    uri: `/deployments/key=${key}`,
    method: 'POST',
    headers: json,
    body: { version: 2, actions: [{ action: 'rename' }, { action: 'setKey', key: 'k' }] },
  })
  expectError(unknownAction, {
    name: 'BadRequest',
    statusCode: 400,
    code: 'InvalidOperation',
    message: "Unknown update action 'rename'.",
  })
  assert.deepEqual(
    unknownAction.body.errors.map((error) => error.code),
    ['InvalidOperation', 'InvalidOperation'],
  )

  const staleDelete = await rejection(plain, {
    uri: `/deployments/key=${key}?version=7`,
    method: 'DELETE',
  })
  expectError(staleDelete, {
    name: 'ConcurrentModification',
    statusCode: 409,
    code: 'ConcurrentModification',
    message: conflictMessage.replace('Actual: 1', 'Actual: 2'),
  })
  assert.equal(staleDelete.body.errors[0].currentVersion, 2, 'currentVersion')

  const deleted = await plain.execute({ uri: `/deployments/key=${key}?version=2`, method: 'DELETE' })
  assert.equal(deleted.statusCode, 200)
  checks += 1

  console.log(`ts-client: ${checks} checks passed`)
}

main().catch((error) => {
  console.error('ts-client: FAILED')
  console.error(error)
  process.exit(1)
})
