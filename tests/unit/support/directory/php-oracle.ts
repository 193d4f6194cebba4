/**
 * Runs the real `php` binary (Debian php-cli 8.2, with sodium) as an oracle for the directory stand-in: a small
 * script, transcribed by hand from the production directory's NodeEventLogger, OperatorDelegationVerifier and did.json
 * route, answers for the same inputs so the tests can compare bytes. No php → the test fails and says how to get it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = String.raw`<?php
const GENESIS_ROOT = 'c44802bedf3e63b5a3f1634c5d19263634f92f26dd15401b09b06dd53a80cf9d';
const FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES;

// NodeEventLogger::canonicalJson: ksort, nested arrays canonicalised and decoded again, then json_encode.
function canonical_json(array $data): string {
    ksort($data);
    foreach ($data as &$v) {
        if (is_array($v)) {
            $v = json_decode(canonical_json($v), true);
        }
    }
    return json_encode($data, FLAGS);
}

function prev_hash(?string $sig): string {
    return ($sig === null || $sig === '') ? GENESIS_ROOT : hash('sha256', $sig);
}

function signing_input(array $e, string $prevHash): string {
    $fields = [$e['event_id'], $e['event_type'], (string) $e['seq'], (string) $e['ts_ms'],
        hash('sha256', canonical_json($e['payload'])), $prevHash];
    if ($e['service_id'] !== null) {
        array_unshift($fields, 'iicp-event-v2', $e['service_id']);
    }
    return implode(':', $fields);
}

$mode = $argv[1];
$in = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = [];
if ($mode === 'chain') {
    $sk = sodium_hex2bin($in['secret_key_hex']);
    $prevSig = null;
    foreach ($in['events'] as $e) {
        $e['payload'] = json_decode($e['payload_json'], true, 512, JSON_THROW_ON_ERROR);
        $prev = prev_hash($prevSig);
        $input = signing_input($e, $prev);
        $sig = bin2hex(sodium_crypto_sign_detached(hash('sha256', $input, true), $sk));
        $canonical = canonical_json($e['payload']);
        $out[] = ['canonical_hex' => bin2hex($canonical), 'payload_hash' => hash('sha256', $canonical),
            'prev_hash' => $prev, 'input' => $input, 'sig' => $sig];
        $prevSig = $sig;
    }
    $pk = sodium_crypto_sign_publickey_from_secretkey($sk);
    $out = ['events' => $out, 'did_x' => rtrim(strtr(base64_encode($pk), '+/', '-_'), '=')];
} elseif ($mode === 'wire') {
    // A replica's view: the payload exactly as decoded from the events answer.
    $body = json_decode($in['body'], true, 512, JSON_THROW_ON_ERROR);
    $pk = sodium_hex2bin($in['public_key_hex']);
    foreach ($body['events'] as $e) {
        $digest = hash('sha256', signing_input($e, $e['prev_hash']), true);
        $out[] = ['seq' => $e['seq'], 'canonical_hex' => bin2hex(canonical_json($e['payload'])),
            'verifies' => sodium_crypto_sign_verify_detached(sodium_hex2bin($e['sig']), $digest, $pk)];
    }
} elseif ($mode === 'doubles') {
    foreach ($in as $hex) {
        $out[] = json_encode(unpack('e', hex2bin($hex))[1], FLAGS);
    }
} elseif ($mode === 'delegation') {
    // OperatorDelegationVerifier::canonicalBytes.
    foreach ($in['cases'] as $c) {
        $bytes = json_encode(['node_id' => $c['node_id'], 'not_after' => $c['not_after'], 'operator_pub' => $c['operator_pub']], FLAGS);
        $out[] = bin2hex($bytes);
    }
    $kp = sodium_crypto_sign_seed_keypair(sodium_hex2bin($in['seed_hex']));
    $pub = base64_encode(sodium_crypto_sign_publickey($kp));
    $s = $in['sign'];
    $msg = json_encode(['node_id' => $s['node_id'], 'not_after' => $s['not_after'], 'operator_pub' => $pub], FLAGS);
    $token = ['node_id' => $s['node_id'], 'operator_pub' => $pub, 'not_after' => $s['not_after'],
        'sig' => base64_encode(sodium_crypto_sign_detached($msg, sodium_crypto_sign_secretkey($kp)))];
    $v = $in['verify'];
    $vmsg = json_encode(['node_id' => $v['node_id'], 'not_after' => $v['not_after'], 'operator_pub' => $v['operator_pub']], FLAGS);
    $ok = sodium_crypto_sign_verify_detached(base64_decode($v['sig'], true), $vmsg, base64_decode($v['operator_pub'], true));
    $out = ['bytes_hex' => $out, 'token' => $token, 'js_token_verifies' => $ok];
} elseif ($mode === 'base64') {
    foreach ($in as $s) {
        $r = base64_decode($s, true);
        $out[] = $r === false ? null : bin2hex($r);
    }
}
echo json_encode($out, FLAGS);
`;

const INSTALL_HINT =
  'php is not installed: these tests compare the directory stand-in with real PHP. Install php-cli ' +
  '(Debian/Ubuntu: sudo apt-get install php-cli); CI installs it through .ci/run.';

/** Runs one mode of the oracle script with `input` as JSON on stdin and returns its parsed JSON answer. */
export function php<T>(mode: string, input: unknown): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'iicp-php-oracle-'));
  const script = join(dir, 'oracle.php');
  writeFileSync(script, SCRIPT);
  return new Promise<T>((resolve, reject) => {
    const child = execFile(
      'php',
      ['-d', 'serialize_precision=-1', '-d', 'display_errors=stderr', script, mode],
      { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        if (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
          reject(new Error(missing ? INSTALL_HINT : `php ${mode} failed: ${err.message}\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`php ${mode} printed no JSON: ${stdout.slice(0, 500)}\n${stderr}`));
        }
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(input));
  });
}

/**
 * JSON text that PHP's json_decode turns into the PHP value the stand-in's mapping gives a JS value: safe integers
 * and bigints as ints, every other number as a float (always with an exponent, so PHP cannot read it as an int).
 */
export function phpLiteral(v: unknown): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '-0.0';
    return Number.isSafeInteger(v) ? String(v) : v.toExponential();
  }
  if (Array.isArray(v)) return `[${v.map(phpLiteral).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .map((k) => `${JSON.stringify(k)}:${phpLiteral(o[k])}`)
    .join(',')}}`;
}
