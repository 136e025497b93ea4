import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests on two shared cores: give renders and `findBy*` queries room, so a slow machine
// does not fail a correct test (a wrong one still fails, just later).
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5_000 });
