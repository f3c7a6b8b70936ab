export interface NetworkContainer {
  id: string;
  name: string;
  ipv4: string;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  subnets: { subnet: string; gateway: string }[];
  internal: boolean;
  /** bridge, host and none come with the engine and cannot be removed. */
  builtIn: boolean;
  created: number | null;
  labels: Record<string, string>;
  containers: NetworkContainer[];
}
