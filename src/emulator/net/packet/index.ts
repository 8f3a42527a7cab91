/** Packets as typed values that emit real bytes and parse back, like smoltcp's `wire` module. */
export * from './bytes';
export * from './ethernet';
export * from './arp';
export * from './ipv4';
export * from './icmp';
export * from './udp';
export * from './tcp';
export * from './vxlan';
export * from './pcap';
