package dev.spaceport.server.durability;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ServerProcess;
import dev.spaceport.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Kills the server with SIGKILL at random moments under a load of creates, updates, membership
 * changes and deletes, restarts it, and checks a client-side ledger: every acknowledged write is
 * there, nothing unacknowledged is half-applied, and SQLite's integrity check passes after every
 * kill. {@code -Dspaceport.crash.cycles=N} sets the number of cycles (default 200).
 */
class CrashRecoveryTest {

  private static final int CYCLES = Integer.getInteger("spaceport.crash.cycles", 200);
  private static final int WORKERS = 4;

  /** Independent campaigns run side by side: JVM start-up, not the machine, bounds a cycle. */
  private static final int LANES = 2;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    assumeFalse(TestServer.onPostgres(), "SIGKILL durability of the embedded store");
    long seed = Long.getLong("spaceport.crash.seed", System.nanoTime());
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        int cycles = CYCLES / LANES + (lane < CYCLES % LANES ? 1 : 0);
        long laneSeed = seed + lane;
        results.add(lanes.submit(() -> campaign(cycles, new Random(laneSeed))));
      }
      long acknowledged = 0;
      for (Future<Long> result : results) {
        acknowledged += result.get();
      }
      assertThat(acknowledged).as("the load made acknowledged writes").isGreaterThan(CYCLES);
      System.out.printf("crash test: %d SIGKILL cycles in %d lanes (seed %d), %d acknowledged "
          + "writes verified%n", CYCLES, LANES, seed, acknowledged);
    } finally {
      lanes.shutdownNow();
    }
  }

  /** One store, killed {@code cycles} times; returns the number of acknowledged writes checked. */
  private static long campaign(int cycles, Random random) throws Exception {
    Path dataDir = Files.createTempDirectory("spaceport-crash-");
    Ledger ledger = new Ledger();
    String org;
    List<String> members = new ArrayList<>();
    try (ServerProcess first = ServerProcess.start(dataDir, null, null)) {
      Api admin = first.admin();
      org = admin.post("/v2/organizations", body("name", "crash")).expect(201).id();
      for (int i = 0; i < WORKERS; i++) {
        String user = admin.post("/v2/users", body("name", "u" + i, "email", "u" + i + "@x.io",
            "role", Map.of("type", "predefined", "name", "member"), "invite_mode", "none"))
            .expect(201).id();
        admin.post("/v2/organizations/" + seg(org) + "/users", body("user_id", user,
            "role", Map.of("type", "predefined", "name", "member"))).expect(200);
        members.add(user);
      }
    }
    for (int cycle = 0; cycle < cycles; cycle++) {
      try (ServerProcess server = ServerProcess.start(dataDir, null, null)) {
        ledger.verify(server.admin(), org, false);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<Throwable>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
          int worker = w;
          long seed = random.nextLong();
          String prefix = "w" + worker + "-c" + cycle + "-";
          workers.add(pool.submit(() -> new Worker(server.admin(), org, members.get(worker),
              prefix, ledger, new Random(seed)).run(stop)));
        }
        Thread.sleep(50 + random.nextInt(400));
        server.kill();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<Throwable> worker : workers) {
          assertThat(worker.get()).as("unexpected failure under load").isNull();
        }
      }
      assertThat(integrityCheck(dataDir)).as("integrity after kill %d", cycle).isEqualTo("ok");
    }
    try (ServerProcess last = ServerProcess.start(dataDir, null, null)) {
      ledger.verify(last.admin(), org, true);
    }
    return ledger.acknowledged();
  }

  private static String integrityCheck(Path dataDir) throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + dataDir.resolve("spaceport.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      String result = rs.getString(1);
      try (ResultSet fk = s.executeQuery("PRAGMA foreign_key_check")) {
        if (fk.next()) {
          return "foreign key violation in " + fk.getString(1);
        }
      }
      return result;
    }
  }

  /** What each space should look like, as far as the client was told. */
  static final class Ledger {
    /** Per space name: its state. Names are unique per worker and cycle, so no two writers. */
    final Map<String, SpaceState> spaces = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();

    void ack() {
      acks.incrementAndGet();
    }

    long acknowledged() {
      return acks.get();
    }

    /**
     * Checks the spaces written since the last check (all of them when {@code everything}) against
     * the ledger, then settles every in-doubt write to what actually happened.
     */
    void verify(Api admin, String org, boolean everything) {
      for (SpaceState state : spaces.values()) {
        if (everything || state.dirty) {
          verify(admin, org, state);
        }
      }
    }

    private void verify(Api admin, String org, SpaceState state) {
      JsonNode space = find(admin, org, state);
      boolean exists = space != null;
      if (state.deleteAcked) {
        assertThat(exists).as("acknowledged delete of %s", state.name).isFalse();
      } else if (state.createAcked && !state.deleteInFlight) {
        assertThat(exists).as("acknowledged create of %s", state.name).isTrue();
      }
      if (!exists) {
        state.settleGone();
        return;
      }
      String description = space.get("description").asText();
      assertThat(description).as("description of %s", state.name)
          .isIn(state.acceptableDescriptions());
      JsonNode memberships = admin.get("/v2/spaces/" + seg(space.get("id").asText())
          + "/users?limit=100").expect(200).json().get("memberships");
      // A create is atomic: the space never exists without its creator's admin membership.
      assertThat(memberships).as("memberships of %s", state.name)
          .anySatisfy(m -> assertThat(m.get("role").get("name").asText()).isEqualTo("admin"));
      boolean memberPresent = false;
      for (JsonNode m : memberships) {
        memberPresent |= m.get("user_id").asText().equals(state.memberId);
      }
      if (!state.memberInFlight) {
        assertThat(memberPresent).as("acknowledged membership of %s", state.name)
            .isEqualTo(Boolean.TRUE.equals(state.memberAcked));
      }
      state.settle(space.get("id").asText(), description, memberPresent);
    }

    /** The stored space, looked up by its unique name (its ID may never have reached us). */
    private static JsonNode find(Api admin, String org, SpaceState state) {
      JsonNode found = null;
      for (JsonNode s : admin.get("/v2/spaces?org_id=" + seg(org) + "&limit=100&name="
          + seg(state.name)).expect(200).json().get("spaces")) {
        if (s.get("name").asText().equals(state.name)) {
          found = s;
        }
      }
      return found;
    }
  }

  /** One space's expected state; in-flight flags mark writes whose outcome the client never saw. */
  static final class SpaceState {
    final String name;
    final String memberId;
    volatile String id;
    volatile boolean createAcked;
    volatile boolean deleteAcked;
    volatile boolean deleteInFlight;
    volatile String description = "";
    volatile String descriptionInFlight;
    volatile Boolean memberAcked;
    volatile boolean memberInFlight;
    /** Written to (or attempted) since the last check. */
    volatile boolean dirty = true;

    SpaceState(String name, String memberId) {
      this.name = name;
      this.memberId = memberId;
    }

    List<String> acceptableDescriptions() {
      return descriptionInFlight == null ? List.of(description)
          : List.of(description, descriptionInFlight);
    }

    void settle(String storedId, String storedDescription, boolean memberPresent) {
      id = storedId;
      createAcked = true;
      deleteInFlight = false;
      description = storedDescription;
      descriptionInFlight = null;
      memberAcked = memberPresent;
      memberInFlight = false;
      dirty = false;
    }

    void settleGone() {
      deleteAcked = true;
      deleteInFlight = false;
      createAcked = false;
      dirty = false;
    }
  }

  /** Drives random writes on spaces it alone owns, recording each in the ledger. */
  static final class Worker {
    private final Api api;
    private final String org;
    private final String member;
    private final String prefix;
    private final Ledger ledger;
    private final Random random;
    private final List<SpaceState> mine = new ArrayList<>();
    private int sequence;

    Worker(Api api, String org, String member, String prefix, Ledger ledger, Random random) {
      this.api = api;
      this.org = org;
      this.member = member;
      this.prefix = prefix;
      this.ledger = ledger;
      this.random = random;
    }

    /** Runs until stopped or the server dies; returns an unexpected failure, if any. */
    Throwable run(AtomicBoolean stop) {
      try {
        while (!stop.get()) {
          step();
        }
        return null;
      } catch (AssertionError e) {
        // A request cut off by the kill leaves its write in doubt; anything else is a real failure.
        return e.getCause() instanceof java.io.IOException ? null : e;
      }
    }

    private void step() {
      List<SpaceState> live = mine.stream().filter(s -> s.createAcked && !s.deleteAcked
          && !s.deleteInFlight && s.descriptionInFlight == null && !s.memberInFlight).toList();
      int choice = live.isEmpty() ? 0 : random.nextInt(10);
      if (choice < 4) {
        SpaceState state = new SpaceState(prefix + sequence++, member);
        mine.add(state);
        ledger.spaces.put(state.name, state);
        state.id = api.post("/v2/spaces", body("name", state.name, "organization_id", org))
            .expect(201).id();
        state.createAcked = true;
        ledger.ack();
        return;
      }
      SpaceState state = live.get(random.nextInt(live.size()));
      state.dirty = true;
      String path = "/v2/spaces/" + seg(state.id);
      if (choice < 7) {
        String description = "d" + random.nextInt(1_000_000);
        state.descriptionInFlight = description;
        api.patch(path, body("description", description)).expect(200);
        state.description = description;
        state.descriptionInFlight = null;
      } else if (choice < 9) {
        boolean add = state.memberAcked == null || !state.memberAcked;
        state.memberInFlight = true;
        if (add) {
          api.post(path + "/users", body("user_id", member,
              "role", Map.of("type", "predefined", "name", "member"))).expect(200);
        } else {
          api.delete(path + "/users/" + seg(member)).expect(204);
        }
        state.memberAcked = add;
        state.memberInFlight = false;
      } else {
        state.deleteInFlight = true;
        api.delete(path).expect(204);
        state.deleteAcked = true;
        state.deleteInFlight = false;
      }
      ledger.ack();
    }
  }
}
