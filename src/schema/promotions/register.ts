// Back-office promotions and coupon codes (`promotions:write`).
import './promotion-errors.js';
import './promotion.js';
import './promotion-mutations.js';
