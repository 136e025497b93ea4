export { CertificatesCard } from './CertificatesCard';
