/**
 * Imported before testcontainers. Ryuk (its reaper container) cannot be pulled offline, so it is off
 * and compatlab removes its containers itself. Ports are published on 127.0.0.1 only, so that is where
 * a local engine's containers are reached (also when compatlab itself runs inside a container).
 */
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
if (!process.env.DOCKER_HOST || process.env.DOCKER_HOST.startsWith('unix:')) {
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}
