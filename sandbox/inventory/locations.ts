/** A location as `GET /v3/inventory/locations` answers it (`LocationResponse`, locations.v3.yml). */
export interface Location {
  id: number;
  code: string;
  label: string;
  description: string;
  managed_by_external_source: boolean;
  type_id: 'PHYSICAL' | 'VIRTUAL';
  enabled: boolean;
  storefront_visibility: boolean;
  time_zone: string;
  created_at: string;
  updated_at: string;
  address: {
    address1: string;
    address2: string;
    city: string;
    state: string;
    zip: string;
    email: string;
    phone: string;
    geo_coordinates: { latitude: number; longitude: number };
    country_code: string;
  };
  special_hours: never[];
}

/** Every store has location 1, the default one (locations.v3.yml's description); the sandbox adds a warehouse. */
export const DEFAULT_LOCATION_ID = 1;

const SEEDED_AT = '2024-01-02T09:00:00Z';

function location(id: number, code: string, label: string, city: string): Location {
  return {
    id,
    code,
    label,
    description: `${label} of the sandbox store`,
    managed_by_external_source: false,
    type_id: 'PHYSICAL',
    enabled: true,
    storefront_visibility: true,
    time_zone: 'America/Chicago',
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    address: {
      address1: `${id} Main Street`,
      address2: '',
      city,
      state: 'TX',
      zip: '78701',
      email: `location${id}@example.com`,
      phone: '800-555-0198',
      geo_coordinates: { latitude: 30.27, longitude: -97.74 },
      country_code: 'US',
    },
    special_hours: [],
  };
}

export function seedLocations(): Location[] {
  return [
    location(DEFAULT_LOCATION_ID, 'BC-LOCATION-1', 'Default location', 'Austin'),
    location(2, 'WAREHOUSE-2', 'North warehouse', 'Dallas'),
  ];
}
