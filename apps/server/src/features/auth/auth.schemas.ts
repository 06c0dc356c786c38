import { Type } from 'typebox';
import { Closed, Timestamp } from '../../http/schemas';
import { USERNAME_PATTERN } from '../users/password-policy';

export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: USERNAME_PATTERN });
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const RoleSchema = Type.Union([
  Type.Literal('administrator'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
  Type.Literal('auditor'),
]);

export const GrantSchema = Type.Object(
  { domainId: Type.String(), domainName: Type.String(), domainPath: Type.String(), role: RoleSchema },
  { $id: 'Grant' },
);

export const SignInBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password }, Closed);
export const SetupBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), username: Username, password: Password, displayName: Type.Optional(Type.String({ maxLength: 120 })) }, Closed);

export const MeSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    kind: Type.Union([Type.Literal('user'), Type.Literal('token')]),
    grants: Type.Array(Type.Ref('Grant')),
    /** Permissions held somewhere, so the console can show what applies. */
    permissions: Type.Array(Type.String()),
  },
  { $id: 'Me' },
);

export const SignInResponse = Type.Object({ expiresAt: Timestamp, me: Type.Ref('Me') });
export const SetupStatus = Type.Object({ needsSetup: Type.Boolean() });
