// Back-office catalog writes (`catalog:write`).
import './errors.js';
import './product-mutations.js';
import './batch-mutations.js';
import './taxonomy-mutations.js';
import './bulk-pricing-mutations.js';
