import { CopyButton } from '../../components/copy-button';

/** The signing secret, shown only right after creation or rotation. */
export function SecretOnce({ secret }: { secret: string }) {
  return (
    <div className="subs-secret" data-testid="webhook-secret">
      <p>
        Signing secret — <strong>copy it now, it is not shown again</strong>. Verify <code>X-Argus-Signature</code> (
        <code>t=…,v1=HMAC-SHA256(secret, "t.body")</code>) with it.
      </p>
      <code className="subs-secret-value" data-testid="webhook-secret-value">{secret}</code> <CopyButton text={secret} />
    </div>
  );
}
