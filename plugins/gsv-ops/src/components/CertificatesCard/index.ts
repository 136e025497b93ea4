export { CertificatesCard, expiryText, expiryLevel } from './CertificatesCard';
