/** A platform filter: every platform the API knows, or all of them (the empty value). */
export function PlatformSelect({
  id,
  value,
  onChange,
  platforms,
}: {
  id: string;
  value: string;
  onChange: (slug: string) => void;
  platforms: readonly { slug: string; name: string }[];
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All platforms</option>
      {platforms.map((p) => (
        <option key={p.slug} value={p.slug}>
          {p.name}
        </option>
      ))}
    </select>
  );
}
