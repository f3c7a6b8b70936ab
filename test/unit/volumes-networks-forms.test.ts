import { describe, expect, it } from 'vitest';
import { formatIPv4, networkFormProblems, parseIPv4 } from '../../renderer/src/pages/networks/network-form';
import { countOf, previewTotals, resultTotals } from '../../renderer/src/pages/disk/prune-plan';

const form = (name: string, subnet = '', gateway = '') => networkFormProblems({ name, subnet, gateway });

describe('create network form', () => {
  it('accepts what the engine accepts', () => {
    expect(form('backend')).toEqual({});
    expect(form('backend', '172.28.0.0/16')).toEqual({});
    expect(form('backend', ' 10.1.2.0/24 ', '10.1.2.254')).toEqual({});
    expect(form('v6', 'fd00:dead:beef::/48', 'fd00:dead:beef::1')).toEqual({});
  });

  it('explains names, subnets and gateways it cannot take', () => {
    expect(form('')).toEqual({ name: 'a network needs a name' });
    expect(form('x').name).toBe('a network name has at least 2 characters');
    expect(form('net', '172.28.0.0').subnet).toMatch(/CIDR form/);
    expect(form('net', '172.28.300.0/16').subnet).toBe('172.28.300.0 is not an IPv4 address: four numbers from 0 to 255, e.g. 172.28.0.0');
    expect(form('net', '172.28.0.0/33').subnet).toBe('an IPv4 prefix length runs from 0 to 32');
    expect(form('net', '172.28.0.0/x').subnet).toMatch(/prefix length, a number/);
    expect(form('net', '172.28.5.0/16').subnet).toBe('172.28.5.0/16 has host bits set: the subnet is 172.28.0.0/16');
    expect(form('net', '', '172.28.0.1').gateway).toBe('a gateway needs a subnet to live in: give the subnet too');
    expect(form('net', '172.28.0.0/16', 'gateway').gateway).toBe('gateway is not an IP address (e.g. 172.28.0.1)');
    expect(form('net', '172.28.0.0/16', '172.29.0.1').gateway).toBe('172.29.0.1 is outside 172.28.0.0/16');
    expect(form('net', '172.28.0.0/16', '172.28.0.0').gateway).toMatch(/subnet's own address; a gateway is a host in it, e.g. 172.28.0.1/);
    expect(form('net', '172.28.0.0/24', '172.28.0.255').gateway).toMatch(/broadcast/);
    expect(form('net', '172.28.0.0/16', 'fd00::1').gateway).toBe('the subnet is IPv4, so the gateway is an IPv4 address too');
  });

  it('reads and writes dotted IPv4 addresses', () => {
    expect(parseIPv4('172.28.0.1')).toBe(0xac1c0001);
    expect(parseIPv4('256.0.0.1')).toBeNull();
    expect(parseIPv4('1.2.3')).toBeNull();
    expect(formatIPv4(0xffffff00)).toBe('255.255.255.0');
  });
});

describe('system prune summary', () => {
  it('adds up what a preview lists and what a prune reclaimed', () => {
    expect(previewTotals({ containers: [{ id: 'a', name: 'a', size: 100 }], volumes: [{ id: 'v', name: 'v', size: 50 }], networks: [{ id: 'n', name: 'n', size: 0 }] })).toEqual({ items: 3, bytes: 150 });
    expect(previewTotals({})).toEqual({ items: 0, bytes: 0 });
    expect(resultTotals({ containers: { deleted: ['a', 'b'], spaceReclaimed: 10 }, images: { deleted: [], spaceReclaimed: 0 } })).toEqual({ items: 2, bytes: 10 });
  });

  it('counts in words', () => {
    expect(countOf(0, 'build-cache')).toBe('no build cache entries');
    expect(countOf(1, 'containers')).toBe('1 container');
    expect(countOf(3, 'images')).toBe('3 images');
  });
});
