import type { Page } from '../lib/use-route';

const items: { page: Page; label: string; icon: string }[] = [
  { page: 'containers', label: 'Containers', icon: '▣' },
  { page: 'images', label: 'Images', icon: '◫' },
  { page: 'volumes', label: 'Volumes', icon: '⛁' },
  { page: 'networks', label: 'Networks', icon: '⋈' },
  { page: 'disk', label: 'Disk usage', icon: '◔' },
  { page: 'terminal', label: 'Terminal', icon: '❯' },
  { page: 'kubernetes', label: 'Kubernetes', icon: '⎈' },
  { page: 'troubleshoot', label: 'Troubleshoot', icon: '⚕' },
  { page: 'settings', label: 'Settings', icon: '⚙' },
];

export function Sidebar({ current }: { current: Page }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ⚓
        </span>
        Berth
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.page}>
            <a href={`#/${item.page}`} className={item.page === current ? 'active' : undefined} aria-current={item.page === current ? 'page' : undefined}>
              <span className="nav-icon" aria-hidden>
                {item.icon}
              </span>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
