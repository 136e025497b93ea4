import { formatImage, parseImage, sameImage, scannedImage } from './images';

describe('image references', () => {
  it.each([
    ['nginx', 'index.docker.io/library/nginx:latest'],
    ['docker.io/bitnami/redis:7.4.1', 'index.docker.io/bitnami/redis:7.4.1'],
    ['ghcr.io/org/app:v1', 'ghcr.io/org/app:v1'],
    ['localhost:5000/app@sha256:abc', 'localhost:5000/app@sha256:abc'],
    ['quay.io/keycloak/keycloak:26.0.5', 'quay.io/keycloak/keycloak:26.0.5'],
  ])('parses %s', (image, normalised) => {
    expect(formatImage(parseImage(image))).toBe(normalised);
  });

  it('matches a report by repository and tag, or by digest when both know it', () => {
    const report = scannedImage({
      registry: { server: 'index.docker.io' },
      artifact: {
        repository: 'bitnami/redis',
        tag: '7.4.1',
        digest: 'sha256:1',
      },
    });
    expect(sameImage(parseImage('bitnami/redis:7.4.1'), report)).toBe(true);
    expect(sameImage(parseImage('bitnami/redis:7.4.2'), report)).toBe(false);
    expect(sameImage(parseImage('bitnami/redis@sha256:2'), report)).toBe(false);
    expect(sameImage(parseImage('ghcr.io/bitnami/redis:7.4.1'), report)).toBe(
      false,
    );
  });
});
