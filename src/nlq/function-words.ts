import { words } from './text.ts';

/**
 * Question words that are never entity words and must never be "corrected" into one ("prices" is not a typo
 * of "rice"). Shopper intent vocabulary, English function words and common Hinglish fillers.
 */
export const NON_ENTITY_WORDS = new Set(
  words(
    'a an the of in on at for to from by with and or but is are was were be been am it its this that these ' +
      'those i me my we our you your what which who whom where when how why much many any all some there ' +
      'than then do does did can could should would will shall show tell list give find get got please want ' +
      'need vs versus between per under over above below about has have had also only just not no yes ' +
      'cheapest cheap cheaper cheapest lowest low lower least minimum min costliest expensive highest high ' +
      'maximum max most more less price prices pricing cost costs rate rates mrp worth value compare ' +
      'comparison comparing difference diff discount discounts discounted off percent deal deals offer offers ' +
      'sale sales coupon coupons code codes promo voucher flash live running ongoing currently now today ' +
      'yesterday tomorrow week weeks month months day days year last past previous recent recently since ' +
      'ago history historical trend trends average avg mean over time date series daily drop drops dropped ' +
      'fell fall reduced reduction cut increase increased hike rise rose went down up change changes changed ' +
      'stock available availability unavailable sold out delivery deliver delivered deliveries fast fastest ' +
      'quick quickest quickly soon soonest eta minutes mins time fee fees charge charges handling small cart ' +
      'basket order total free threshold member members membership subscription save saving savings ' +
      'platform platforms app apps store stores site sites where buy purchase get items item products product ' +
      'brand brands category categories unit kg kgs gram grams litre litres liter liters piece pieces per ' +
      'each every both either other others same best top good better great value money rupees rs inr ' +
      'bucks near me nearby city pincode pin area here there please thanks thank hi hello hey okay ok ' +
      'kya kitna kitne kitni kaha kahan kahaan hai hain sabse sasta saste sasti mehenga mehnga wala wali ' +
      'waala aur ya ka ki ke ko se mein me mai par pe abhi aaj kal chahiye milega milta batao bata dikhao ' +
      'tell sort sorted order ordered rank ranked first cheapest lowest number count how many which one ones ' +
      'costlier pricier dearer became become becoming getting gets going went gone did done got make made ' +
      'like look looking check checking know let us we they them it is its im i am pls plz thx bro bhai yaar ' +
      'right currently latest newest update updated again still really actually maybe please kindly near ' +
      'within upto up to less more than around approx approximately about roughly including include incl ' +
      'with without excluding plus minus value values long take takes taking took wait waiting ' +
      'sell sells selling carry carries',
  ),
);
