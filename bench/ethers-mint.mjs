// Venice's own recipe, the one a user would write instead of keymint: ethers v6 on Node.
// Unlock (keystore) or load (env key), GET a token, sign it (EIP-191), POST it, write the key.
//
//   node ethers-mint.mjs BASE_URL OUT_FILE [KEYSTORE PASSWORD_FILE]   (else the key is WALLET_KEY)
import { Wallet } from "ethers";
import { readFileSync, writeFileSync } from "node:fs";

const [baseUrl, out, keystore, passwordFile] = process.argv.slice(2);
const wallet = keystore
  ? await Wallet.fromEncryptedJson(
      readFileSync(keystore, "utf8"),
      readFileSync(passwordFile, "utf8").replace(/\r?\n$/, ""))
  : new Wallet(process.env.WALLET_KEY);

const url = `${baseUrl}/api_keys/generate_web3_key`;
const tokenResponse = await fetch(url);
if (!tokenResponse.ok) throw new Error(`GET token: ${tokenResponse.status}`);
const token = (await tokenResponse.json()).data.token;
const signature = await wallet.signMessage(token);
const mintResponse = await fetch(url, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ address: wallet.address, signature, token, apiKeyType: "INFERENCE" }),
});
if (!mintResponse.ok) throw new Error(`POST mint: ${mintResponse.status} ${await mintResponse.text()}`);
const key = (await mintResponse.json()).data.apiKey;
writeFileSync(out, key + "\n", { mode: 0o600 });
console.log(`minted a key for ${wallet.address}`);
