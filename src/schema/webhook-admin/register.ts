// Back-office webhook administration (`webhooks:read`, `webhooks:write`).
import './webhook.js';
import './webhook-admin.js';
import './webhook-mutations.js';
