/** Service-level failures; the admin controller maps them to HTTP statuses (404, 409, 400). */

export class ApiKeyNotFoundError extends Error {
  override readonly name = 'ApiKeyNotFoundError';

  constructor(readonly keyId: string) {
    super(`No API key with id "${keyId}"`);
  }
}

export class LastAdminKeyError extends Error {
  override readonly name = 'LastAdminKeyError';

  constructor(readonly keyId: string) {
    super(
      `API key "${keyId}" is the last active admin key; create another admin key before revoking it`,
    );
  }
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('cursor is not one this API returned');
  }
}
