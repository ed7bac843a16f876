#!/usr/bin/env bash
# Makes a SoftHSM2 token for Pkcs11SignBenchmark in DIR (default target/bench-softhsm), with README's
# "PKCS#11 set-up" steps: a secp256k1 key generated in the token (sensitive, never extractable) and
# the certificate beside it that SunPKCS11 needs to list the key. Prints the SOFTHSM2_CONF to export.
#   export SOFTHSM2_CONF=$(bench/pkcs11/setup-token.sh)
set -euo pipefail
dir=$(realpath -m "${1:-target/bench-softhsm}")
module=${PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
token=keymint-bench
pin=1234
rm -rf "$dir" && mkdir -p "$dir/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir/tokens" > "$dir/softhsm2.conf"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
{
  softhsm2-util --init-token --free --label "$token" --so-pin 87654321 --pin "$pin"
  pkcs11-tool --module "$module" --token-label "$token" --login --pin "$pin" \
    --keypairgen --key-type EC:secp256k1 --sensitive --label agent --id 01 --usage-sign
  pkcs11-tool --module "$module" --token-label "$token" --read-object --type pubkey --label agent -o "$dir/agent.pub.der"
  openssl pkey -pubin -inform DER -in "$dir/agent.pub.der" -out "$dir/agent.pub.pem"
  openssl ecparam -name secp256k1 -genkey -noout -out "$dir/tag.pem"
  openssl x509 -new -subj /CN=agent -key "$dir/tag.pem" -force_pubkey "$dir/agent.pub.pem" \
    -days 36500 -outform DER -out "$dir/agent.cert.der"
  pkcs11-tool --module "$module" --token-label "$token" --login --pin "$pin" \
    --write-object "$dir/agent.cert.der" --type cert --id 01 --label agent
} >&2
echo "$SOFTHSM2_CONF"
