// A certified update call or a verified query with @icp-sdk/core against a replica at URL, fetching its root key
// (as agents do for a local network). Usage:
//   node agent-call.mjs URL CANISTER METHOD ARGHEX [--query]
// Prints one JSON line: {"reply": HEX, "path": "sync"|"polled"|"query", "sender": TEXT} or {"reject": {...}}.
import { HttpAgent, Certificate, lookupResultToBuffer, polling } from '@icp-sdk/core/agent';
import { Ed25519KeyIdentity } from '@icp-sdk/core/identity';
import { Principal } from '@icp-sdk/core/principal';

const [url, canister, method, argHex, flag] = process.argv.slice(2);
if (!url || !canister || !method || argHex === undefined) {
  console.error('usage: node agent-call.mjs URL CANISTER METHOD ARGHEX [--query]');
  process.exit(2);
}
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const identity = Ed25519KeyIdentity.generate();
const agent = await HttpAgent.create({ host: url, identity, shouldFetchRootKey: true, verifyQuerySignatures: true });
const canisterId = Principal.fromText(canister);
const arg = Uint8Array.from(Buffer.from(argHex, 'hex'));
const sender = identity.getPrincipal().toText();

try {
  if (flag === '--query') {
    const response = await agent.query(canisterId, { methodName: method, arg, effectiveCanisterId: canisterId });
    if (response.status === 'replied') console.log(JSON.stringify({ reply: hex(response.reply.arg), path: 'query', sender }));
    else console.log(JSON.stringify({ reject: { code: response.reject_code, message: response.reject_message, error_code: response.error_code } }));
  } else {
    const { requestId, response } = await agent.call(canisterId, { methodName: method, arg, effectiveCanisterId: canisterId });
    const body = response.body;
    if (body && body.certificate) {
      // Synchronous call: verify the certificate against the fetched root key and read the status in it.
      const certificate = await Certificate.create({ certificate: body.certificate, rootKey: agent.rootKey, principal: { canisterId } });
      const status = new TextDecoder().decode(lookupResultToBuffer(certificate.lookup_path(['request_status', requestId, 'status'])));
      if (status === 'replied') {
        console.log(JSON.stringify({ reply: hex(lookupResultToBuffer(certificate.lookup_path(['request_status', requestId, 'reply']))), path: 'sync', sender }));
      } else {
        const message = new TextDecoder().decode(lookupResultToBuffer(certificate.lookup_path(['request_status', requestId, 'reject_message'])));
        console.log(JSON.stringify({ reject: { status, message } }));
      }
    } else if (body && body.reject_code !== undefined) {
      console.log(JSON.stringify({ reject: { code: body.reject_code, message: body.reject_message, error_code: body.error_code } }));
    } else {
      const { reply } = await polling.pollForResponse(agent, canisterId, requestId);
      console.log(JSON.stringify({ reply: hex(reply), path: 'polled', sender }));
    }
  }
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  process.exit(1);
}
