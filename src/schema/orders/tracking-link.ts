/**
 * Public tracking pages of carriers BigCommerce knows by name (`shipping_provider` or
 * `tracking_carrier`). An unknown carrier has no link rather than a guessed one.
 */
const TRACKING_PAGES: Readonly<Record<string, (trackingNumber: string) => string>> = {
  ups: (n) => `https://www.ups.com/track?tracknum=${n}`,
  upsready: (n) => `https://www.ups.com/track?tracknum=${n}`,
  upsonline: (n) => `https://www.ups.com/track?tracknum=${n}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  endicia: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  dhl: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`,
  royalmail: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  auspost: (n) => `https://auspost.com.au/mypost/track/#/details/${n}`,
  canadapost: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${n}`,
};

/** The carrier names a tracking link can be built for (lower-case). */
export const KNOWN_CARRIERS: readonly string[] = Object.keys(TRACKING_PAGES);

/** The carrier's public tracking page for this number, or null for an unknown carrier. */
export function trackingLinkFor(carrier: string, trackingNumber: string): string | null {
  const page = TRACKING_PAGES[carrier.trim().toLowerCase()];
  return page && trackingNumber !== '' ? page(encodeURIComponent(trackingNumber)) : null;
}
