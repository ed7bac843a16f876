package io.keymint.mint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a mint did about keys that ambiguous attempts (a 5xx, or a connection lost after the POST)
 * may have left behind: keys Venice created whose secrets never arrived. With an admin key at hand
 * (or when the minted key is itself an ADMIN key) the minter lists the account's keys and revokes
 * those with the minted key's description created within {@link #from()}–{@link #to()}, never the
 * minted key itself; without one it only reports the window.
 *
 * @param from when the first ambiguous attempt was sent (by the client's clock)
 * @param to when the minted key arrived
 * @param description the description the orphans carry (the minted key's)
 * @param searched whether the account's keys were listed
 * @param revoked ids of orphans revoked
 * @param notRevoked ids of orphans found but not revoked (the revocation failed)
 * @param problem why the search or a revocation failed, or null
 */
public record OrphanCheck(
    Instant from,
    Instant to,
    String description,
    boolean searched,
    List<String> revoked,
    List<String> notRevoked,
    String problem) {
  /** Copies the lists. */
  public OrphanCheck {
    revoked = List.copyOf(revoked);
    notRevoked = List.copyOf(notRevoked);
  }

  /** Why the search or a revocation failed; empty when it went well. */
  public Optional<String> failure() {
    return Optional.ofNullable(problem);
  }

  /**
   * One line for people: what was revoked, or how to clean up by hand.
   *
   * @param keptId the minted key's id, never to be revoked
   */
  public String advice(String keptId) {
    if (searched && problem == null) {
      return revoked.isEmpty()
          ? "no orphaned key was found (keys described '"
              + description
              + "' created "
              + from
              + " – "
              + to
              + ")"
          : "revoked " + revoked.size() + " orphaned key(s): " + String.join(", ", revoked);
    }
    return "keys described '"
        + description
        + "' created between "
        + from
        + " and "
        + to
        + ", other than "
        + keptId
        + ", may be orphans whose secrets never arrived: list them with an ADMIN key (keymint keys"
        + " list) and revoke them (keymint keys revoke ID)"
        + (problem == null ? "" : " (" + problem + ")");
  }
}
