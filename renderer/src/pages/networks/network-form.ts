import { nameProblem } from '../volumes/volume-form';

/**
 * Checks for the Create network form: the backend's rules (shared/schemas.ts) and a few the engine
 * would reject with a less readable message (an octet above 255, host bits set, a gateway outside
 * its subnet). The backend and the engine validate again.
 */

export interface NetworkForm {
  name: string;
  subnet: string;
  gateway: string;
}

export type NetworkFormProblems = Partial<Record<keyof NetworkForm, string>>;

/** "172.28.0.1" → its 32-bit value; null when it is not a dotted IPv4 address. */
export function parseIPv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return null;
  return octets.reduce((n, o) => n * 256 + o, 0);
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

const looksIPv6 = (text: string): boolean => text.includes(':') && /^[0-9a-fA-F:]+$/.test(text);

interface IPv4Subnet {
  base: number;
  prefix: number;
}

function subnetProblem(subnet: string): { problem: string } | { v4: IPv4Subnet } | { v6: true } {
  const slash = subnet.indexOf('/');
  if (slash < 0) return { problem: 'write the subnet in CIDR form, an address and a prefix length, e.g. 172.28.0.0/16' };
  const address = subnet.slice(0, slash);
  const prefixText = subnet.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return { problem: 'the part after "/" is the prefix length, a number (e.g. /16)' };
  const prefix = Number(prefixText);
  if (looksIPv6(address)) return prefix <= 128 ? { v6: true } : { problem: 'an IPv6 prefix length runs from 0 to 128' };
  const base = parseIPv4(address);
  if (base === null) return { problem: `${address} is not an IPv4 address: four numbers from 0 to 255, e.g. 172.28.0.0` };
  if (prefix > 32) return { problem: 'an IPv4 prefix length runs from 0 to 32' };
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  if (network !== base) return { problem: `${subnet} has host bits set: the subnet is ${formatIPv4(network)}/${prefix}` };
  return { v4: { base, prefix } };
}

/** What is wrong with the form, field by field; empty when it can be sent. */
export function networkFormProblems(form: NetworkForm): NetworkFormProblems {
  const problems: NetworkFormProblems = {};
  const name = form.name.trim();
  const subnet = form.subnet.trim();
  const gateway = form.gateway.trim();
  const nameIssue = name ? nameProblem(name, 'network') : 'a network needs a name';
  if (nameIssue) problems.name = nameIssue;

  let v4: IPv4Subnet | null = null;
  let v6 = false;
  if (subnet) {
    const checked = subnetProblem(subnet);
    if ('problem' in checked) problems.subnet = checked.problem;
    else if ('v4' in checked) v4 = checked.v4;
    else v6 = true;
  }

  if (gateway) {
    const g4 = parseIPv4(gateway);
    if (g4 === null && !looksIPv6(gateway)) problems.gateway = `${gateway} is not an IP address (e.g. 172.28.0.1)`;
    else if (!subnet) problems.gateway = 'a gateway needs a subnet to live in: give the subnet too';
    else if (v4 && g4 === null) problems.gateway = 'the subnet is IPv4, so the gateway is an IPv4 address too';
    else if (v6 && g4 !== null) problems.gateway = 'the subnet is IPv6, so the gateway is an IPv6 address too';
    else if (v4 && g4 !== null) {
      const size = 2 ** (32 - v4.prefix);
      if (g4 < v4.base || g4 >= v4.base + size) problems.gateway = `${gateway} is outside ${subnet}`;
      else if (size > 2 && g4 === v4.base) problems.gateway = `${gateway} is the subnet's own address; a gateway is a host in it, e.g. ${formatIPv4(v4.base + 1)}`;
      else if (size > 2 && g4 === v4.base + size - 1) problems.gateway = `${gateway} is the subnet's broadcast address; a gateway is a host in it, e.g. ${formatIPv4(v4.base + 1)}`;
    }
  }
  return problems;
}
