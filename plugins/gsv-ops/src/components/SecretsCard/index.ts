export { SecretsCard } from './SecretsCard';
