import { SandboxError } from '../errors.js';
import { defineService } from './service.js';

/** STS: who am I, and temporary credentials for the member accounts' roles. */
export const stsService = defineService({
  name: 'sts',
  handlers: {
    GetCallerIdentity: (_input, ctx) => ({
      UserId: ctx.principal.userId,
      Account: ctx.principal.accountId,
      Arn: ctx.principal.arn,
    }),
    AssumeRole: (input, ctx) => {
      const roleArn = String(input.RoleArn ?? '');
      const sessionName = String(input.RoleSessionName ?? '');
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw new SandboxError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
      }
      const duration = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : 3600;
      if (duration < 900 || duration > 43_200) {
        throw new SandboxError('ValidationError', `The requested DurationSeconds ${duration} must be between 900 and 43200 seconds.`);
      }
      const assumed = ctx.identity.assumeRole(ctx.principal, roleArn, sessionName, duration, ctx.now());
      return {
        Credentials: {
          AccessKeyId: assumed.credentials.accessKeyId,
          SecretAccessKey: assumed.credentials.secretAccessKey,
          SessionToken: assumed.credentials.sessionToken,
          Expiration: assumed.credentials.expiration,
        },
        AssumedRoleUser: { AssumedRoleId: assumed.assumedRoleId, Arn: assumed.arn },
      };
    },
  },
});
