import { useId } from 'react';
import { useShopperLocation } from '../location.tsx';

/** City (from the platforms' coverage) and optional pincode, remembered in this browser. */
export function LocationPicker() {
  const { location, setLocation, cities } = useShopperLocation();
  const cityId = useId();
  const pinId = useId();
  return (
    <fieldset className="location">
      <legend className="visually-hidden">Your location</legend>
      <label htmlFor={cityId}>City</label>
      <select
        id={cityId}
        value={location.city}
        onChange={(event) => setLocation({ ...location, city: event.target.value })}
      >
        <option value="">Any city</option>
        {cities.map((city) => (
          <option key={city}>{city}</option>
        ))}
        {location.city && !cities.includes(location.city) && <option>{location.city}</option>}
      </select>
      <label htmlFor={pinId}>Pincode</label>
      <input
        id={pinId}
        inputMode="numeric"
        pattern="[0-9]{6}"
        maxLength={6}
        size={7}
        placeholder="optional"
        value={location.pincode}
        onChange={(event) => setLocation({ ...location, pincode: event.target.value.replace(/\D/g, '') })}
      />
    </fieldset>
  );
}
