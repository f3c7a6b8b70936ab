export interface TabsProps<T extends string> {
  tabs: { id: NoInfer<T>; label: string }[];
  current: T;
  onChange(id: T): void;
  label: string;
}

export function Tabs<T extends string>({ tabs, current, onChange, label }: TabsProps<T>) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={t.id === current} className={t.id === current ? 'tab active' : 'tab'} onClick={() => onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
