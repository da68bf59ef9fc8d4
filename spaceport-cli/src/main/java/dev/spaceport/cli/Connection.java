package dev.spaceport.cli;

import dev.spaceport.client.HttpTransport;
import dev.spaceport.client.SpaceportClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server and key a command uses, and where each came from. For each of key, host and scheme
 * the first of these that has it wins: the flag; the profile named by {@code --profile} (or
 * {@code SPACEPORT_PROFILE}); the environment ({@code ARIZE_API_KEY}, {@code ARIZE_API_HOST},
 * {@code ARIZE_API_SCHEME}); the profile named {@code default}. When no host is configured, a
 * server started by {@code spaceport serve} on this machine ({@code <data-dir>/server.json}) is
 * used, with its admin key ({@code <data-dir>/admin-api-key}) if no key is configured either.
 * That admin key is only ever sent to that local server.
 */
record Connection(Setting apiKey, Setting host, Setting scheme, boolean isLocalServer) {

  /** A value and a human description of where it came from. */
  record Setting(String value, String source) {}

  static final String DEFAULT_SCHEME = "https";

  private record Layer(String name, String key, String host, String scheme) {}

  static Connection resolve(ConnectionOptions flags, CliContext ctx) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer("flag", flags.apiKey, flags.host, flags.scheme));
    String explicitProfile = flags.profile != null ? flags.profile : ctx.envValue(
        "SPACEPORT_PROFILE");
    Profiles profiles = Profiles.load(ctx.configFile());
    if (explicitProfile != null) {
      Profiles.Profile p = profiles.get(explicitProfile);
      if (p == null) {
        throw new UsageException("no profile '" + explicitProfile + "' in " + profiles.file()
            + " (see `spaceport config list-profiles`)");
      }
      layers.add(new Layer("profile '" + p.name() + "'", p.apiKey(), p.host(), p.scheme()));
    }
    layers.add(new Layer("env", ctx.envValue("ARIZE_API_KEY"), ctx.envValue("ARIZE_API_HOST"),
        ctx.envValue("ARIZE_API_SCHEME")));
    if (explicitProfile == null) {
      Profiles.Profile p = profiles.get(Profiles.DEFAULT);
      if (p != null) {
        layers.add(new Layer("profile 'default'", p.apiKey(), p.host(), p.scheme()));
      }
    }
    Setting key = first(layers, "ARIZE_API_KEY", "--api-key", Layer::key);
    Setting host = first(layers, "ARIZE_API_HOST", "--host", Layer::host);
    Setting scheme = first(layers, "ARIZE_API_SCHEME", "--scheme", Layer::scheme);

    Path dataDir = ctx.dataDir();
    Optional<LocalServer> local = LocalServer.read(dataDir);
    String serverFile = dataDir.resolve(LocalServer.FILE).toString();
    boolean isLocal = false;
    if (host == null) {
      if (local.isPresent()) {
        host = new Setting(local.get().hostAndPort(), serverFile);
        isLocal = true;
        if (scheme == null) {
          scheme = new Setting(local.get().scheme(), serverFile);
        }
      } else if (key == null) {
        throw new UsageException("no Spaceport server configured: start one with `spaceport "
            + "serve`, or pass --host and --api-key, or set ARIZE_API_HOST and ARIZE_API_KEY, "
            + "or save a profile with `spaceport config set-profile default --host … --api-key …`");
      } else {
        host = new Setting(SpaceportClient.DEFAULT_HOST, "the default");
      }
    } else if (local.isPresent() && sameServer(host.value(), local.get())) {
      isLocal = true;
    }
    if (key == null) {
      if (!isLocal) {
        throw new UsageException("no API key for " + host.value() + ": pass --api-key, set "
            + "ARIZE_API_KEY, or add one to a profile with `spaceport config set-profile`");
      }
      Optional<String> admin = LocalServer.adminKey(dataDir);
      if (admin.isEmpty()) {
        throw new UsageException("found the local server at " + host.value() + " but no API "
            + "key: " + dataDir.resolve(LocalServer.KEY_FILE) + " does not exist (was the server "
            + "started with SPACEPORT_ADMIN_API_KEY?); pass --api-key or set ARIZE_API_KEY");
      }
      key = new Setting(admin.get(), dataDir.resolve(LocalServer.KEY_FILE).toString());
    }
    if (scheme == null) {
      scheme = new Setting(DEFAULT_SCHEME, "the default");
    }
    return new Connection(key, host, scheme, isLocal);
  }

  private static boolean sameServer(String host, LocalServer local) {
    String h = host.trim();
    return h.equals(local.hostAndPort())
        || (local.host().equals("127.0.0.1") && h.equals("localhost:" + local.port()));
  }

  private static Setting first(List<Layer> layers, String envName, String flagName,
      java.util.function.Function<Layer, String> field) {
    for (Layer layer : layers) {
      String value = field.apply(layer);
      if (value != null && !value.isBlank()) {
        String source = switch (layer.name()) {
          case "flag" -> flagName;
          case "env" -> envName;
          default -> layer.name();
        };
        return new Setting(value.trim(), source);
      }
    }
    return null;
  }

  String baseUri() {
    String s = scheme.value().trim().toLowerCase(java.util.Locale.ROOT);
    String h = host.value().trim();
    while (h.endsWith("/")) {
      h = h.substring(0, h.length() - 1);
    }
    return s + "://" + h;
  }

  String hostSource() {
    return host.source();
  }

  String describeKeySource() {
    return "from " + apiKey.source();
  }

  SpaceportClient client(HttpTransport transport) {
    return SpaceportClient.builder()
        .apiKey(apiKey.value())
        .host(host.value(), scheme.value())
        .transport(transport)
        .build();
  }
}
