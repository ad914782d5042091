// Inventory per location (back office, `inventory:write`): levels on Product and Variant, adjustments.
import './inventory-errors.js';
import './inventory-level.js';
import './adjust-inventory.js';
