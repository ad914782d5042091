// The customer modules of the commerce issue, imported by `schema/index.ts` through one line.
import './customer-lookup.js';
import './customer-group.js';
import './stored-instrument.js';
import './register-customer.js';
import './update-customer.js';
import './address-mutations.js';
