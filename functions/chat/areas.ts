/**
 * Service areas by the names customers write in an address. A stand-in for
 * the GIS address look-up (address to supply point) that a deployment would
 * call; the codes are the ones customers and outages carry.
 */
export const AREA_NAMES: Readonly<Record<string, readonly string[]>> = {
  'HZ-XIHU': ['西湖区', 'xihu'],
  'HZ-BINJIANG': ['滨江区', '濱江區', 'binjiang'],
  'NB-HAISHU': ['海曙区', 'haishu'],
  'WZ-LUCHENG': ['鹿城区', 'lucheng'],
};

/**
 * The area an address names, if exactly one matches.
 *
 * @example
 * areaOfAddress('杭州市西湖区文三路100号'); // 'HZ-XIHU'
 */
export function areaOfAddress(address: string): string | undefined {
  const text = address.normalize('NFKC').toLowerCase();
  const matches = Object.entries(AREA_NAMES).filter(([, names]) => names.some((name) => text.includes(name)));
  return matches.length === 1 ? matches[0]![0] : undefined;
}
