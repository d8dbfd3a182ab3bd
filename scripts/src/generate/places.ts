/**
 * UK towns and cities the synthetic data is placed around: approximate centre, population in
 * thousands (ONS mid-year estimates, rounded), GIAS region (`GOR (name)`), whether on the coast, a
 * postcode district, and the STEM Ambassador Hub that serves it in this model.
 */
export interface Place {
  name: string;
  lat: number;
  lon: number;
  pop: number;
  region: string;
  coastal: boolean;
  postcode: string;
  hub: string;
}

type Row = [name: string, lat: number, lon: number, pop: number, coastal: 0 | 1, postcode: string];

const GROUPS: Array<{ hub: string; name: string; region: string; towns: Row[] }> = [
  {
    hub: 'london-north',
    name: 'STEM Learning London North',
    region: 'London',
    towns: [
      ['Central London', 51.5074, -0.1278, 1200, 0, 'WC1'],
      ['Stratford', 51.5416, -0.0032, 350, 0, 'E15'],
      ['Barnet', 51.6252, -0.1517, 390, 0, 'EN5'],
      ['Harrow', 51.5806, -0.342, 250, 0, 'HA1'],
      ['Enfield', 51.6538, -0.0799, 330, 0, 'EN1'],
      ['Ealing', 51.513, -0.3089, 340, 0, 'W5'],
    ],
  },
  {
    hub: 'london-south',
    name: 'STEM Learning London South',
    region: 'London',
    towns: [
      ['Croydon', 51.3762, -0.0982, 390, 0, 'CR0'],
      ['Bromley', 51.4039, 0.0198, 330, 0, 'BR1'],
      ['Lewisham', 51.4452, -0.0209, 300, 0, 'SE13'],
      ['Wandsworth', 51.4571, -0.1931, 330, 0, 'SW18'],
      ['Hounslow', 51.4668, -0.3615, 270, 0, 'TW3'],
    ],
  },
  {
    hub: 'kent-sussex',
    name: 'Kent and Sussex STEM Hub',
    region: 'South East',
    towns: [
      ['Brighton', 50.8225, -0.1372, 290, 1, 'BN1'],
      ['Hastings', 50.8543, 0.5735, 92, 1, 'TN34'],
      ['Eastbourne', 50.7684, 0.2905, 103, 1, 'BN21'],
      ['Maidstone', 51.2704, 0.5227, 113, 0, 'ME14'],
      ['Canterbury', 51.2802, 1.0789, 55, 0, 'CT1'],
      ['Margate', 51.3813, 1.3862, 62, 1, 'CT9'],
      ['Folkestone', 51.0814, 1.1695, 46, 1, 'CT20'],
      ['Crawley', 51.1092, -0.1872, 118, 0, 'RH10'],
      ['Ashford', 51.1465, 0.875, 75, 0, 'TN23'],
      ['Tunbridge Wells', 51.1324, 0.2637, 60, 0, 'TN1'],
      ['Worthing', 50.8179, -0.3729, 111, 1, 'BN11'],
      ['Dover', 51.1279, 1.3134, 32, 1, 'CT16'],
      ['Medway', 51.388, 0.506, 280, 0, 'ME1'],
      ['Chichester', 50.8365, -0.7792, 30, 0, 'PO19'],
    ],
  },
  {
    hub: 'thames-valley',
    name: 'Thames Valley STEM Hub',
    region: 'South East',
    towns: [
      ['Reading', 51.4543, -0.9781, 230, 0, 'RG1'],
      ['Oxford', 51.752, -1.2577, 152, 0, 'OX1'],
      ['Milton Keynes', 52.0406, -0.7594, 230, 0, 'MK9'],
      ['Slough', 51.5105, -0.595, 164, 0, 'SL1'],
      ['High Wycombe', 51.6287, -0.7482, 120, 0, 'HP11'],
      ['Guildford', 51.2362, -0.5704, 77, 0, 'GU1'],
      ['Basingstoke', 51.2665, -1.0924, 113, 0, 'RG21'],
      ['Banbury', 52.0629, -1.3398, 46, 0, 'OX16'],
    ],
  },
  {
    hub: 'solent',
    name: 'Solent STEM Hub',
    region: 'South East',
    towns: [
      ['Southampton', 50.9097, -1.4044, 253, 1, 'SO14'],
      ['Portsmouth', 50.8198, -1.088, 238, 1, 'PO1'],
      ['Winchester', 51.0632, -1.308, 45, 0, 'SO23'],
      ['Newport (Isle of Wight)', 50.701, -1.2883, 25, 1, 'PO30'],
    ],
  },
  {
    hub: 'east-of-england',
    name: 'East of England STEM Hub',
    region: 'East of England',
    towns: [
      ['Cambridge', 52.2053, 0.1218, 145, 0, 'CB1'],
      ['Norwich', 52.6309, 1.2974, 143, 0, 'NR1'],
      ['Ipswich', 52.0567, 1.1482, 140, 0, 'IP1'],
      ['Peterborough', 52.5695, -0.2405, 202, 0, 'PE1'],
      ['Luton', 51.8787, -0.42, 225, 0, 'LU1'],
      ['Chelmsford', 51.7356, 0.4685, 112, 0, 'CM1'],
      ['Colchester', 51.8959, 0.8919, 130, 0, 'CO1'],
      ['Southend-on-Sea', 51.5459, 0.7077, 180, 1, 'SS1'],
      ['Great Yarmouth', 52.6083, 1.7305, 40, 1, 'NR30'],
      ["King's Lynn", 52.7517, 0.4015, 43, 1, 'PE30'],
      ['Lowestoft', 52.4811, 1.7534, 58, 1, 'NR32'],
    ],
  },
  {
    hub: 'west-of-england',
    name: 'West of England STEM Hub',
    region: 'South West',
    towns: [
      ['Bristol', 51.4545, -2.5879, 470, 0, 'BS1'],
      ['Bath', 51.3751, -2.3618, 95, 0, 'BA1'],
      ['Gloucester', 51.8642, -2.2382, 130, 0, 'GL1'],
      ['Swindon', 51.5558, -1.7797, 185, 0, 'SN1'],
      ['Cheltenham', 51.8994, -2.0783, 117, 0, 'GL50'],
      ['Bournemouth', 50.7192, -1.8808, 190, 1, 'BH1'],
      ['Weymouth', 50.6144, -2.4576, 53, 1, 'DT4'],
    ],
  },
  {
    hub: 'south-west-peninsula',
    name: 'South West Peninsula STEM Hub',
    region: 'South West',
    towns: [
      ['Plymouth', 50.3755, -4.1427, 265, 1, 'PL1'],
      ['Exeter', 50.7184, -3.5339, 130, 0, 'EX1'],
      ['Truro', 50.2632, -5.051, 21, 0, 'TR1'],
      ['Penzance', 50.1188, -5.5371, 21, 1, 'TR18'],
      ['Taunton', 51.0151, -3.1029, 60, 0, 'TA1'],
      ['Torquay', 50.4619, -3.5253, 50, 1, 'TQ1'],
      ['Barnstaple', 51.0809, -4.0583, 24, 1, 'EX31'],
    ],
  },
  {
    hub: 'west-midlands',
    name: 'West Midlands STEM Hub',
    region: 'West Midlands',
    towns: [
      ['Birmingham', 52.4862, -1.8904, 1140, 0, 'B1'],
      ['Coventry', 52.4068, -1.5197, 370, 0, 'CV1'],
      ['Wolverhampton', 52.5862, -2.1286, 263, 0, 'WV1'],
      ['Walsall', 52.5862, -1.9829, 175, 0, 'WS1'],
      ['Worcester', 52.1936, -2.2216, 101, 0, 'WR1'],
      ['Hereford', 52.0565, -2.716, 61, 0, 'HR1'],
    ],
  },
  {
    hub: 'staffordshire-shropshire',
    name: 'Staffordshire and Shropshire STEM Hub',
    region: 'West Midlands',
    towns: [
      ['Stoke-on-Trent', 53.0027, -2.1794, 256, 0, 'ST1'],
      ['Shrewsbury', 52.7073, -2.7553, 76, 0, 'SY1'],
      ['Telford', 52.6766, -2.4493, 142, 0, 'TF3'],
    ],
  },
  {
    hub: 'east-midlands',
    name: 'East Midlands STEM Hub',
    region: 'East Midlands',
    towns: [
      ['Nottingham', 52.9548, -1.1581, 330, 0, 'NG1'],
      ['Leicester', 52.6369, -1.1398, 355, 0, 'LE1'],
      ['Derby', 52.9225, -1.4746, 260, 0, 'DE1'],
      ['Lincoln', 53.2307, -0.5406, 100, 0, 'LN1'],
      ['Northampton', 52.2405, -0.9027, 225, 0, 'NN1'],
      ['Skegness', 53.1436, 0.3363, 20, 1, 'PE25'],
      ['Boston', 52.9789, -0.0266, 45, 0, 'PE21'],
      ['Mansfield', 53.1472, -1.1987, 110, 0, 'NG18'],
      ['Chesterfield', 53.235, -1.421, 104, 0, 'S40'],
    ],
  },
  {
    hub: 'yorkshire',
    name: 'Yorkshire STEM Hub',
    region: 'Yorkshire and the Humber',
    towns: [
      ['Leeds', 53.8008, -1.5491, 790, 0, 'LS1'],
      ['Sheffield', 53.3811, -1.4701, 580, 0, 'S1'],
      ['Bradford', 53.796, -1.7594, 350, 0, 'BD1'],
      ['York', 53.96, -1.0873, 210, 0, 'YO1'],
      ['Doncaster', 53.5228, -1.1285, 110, 0, 'DN1'],
      ['Harrogate', 53.9921, -1.5418, 75, 0, 'HG1'],
      ['Huddersfield', 53.6458, -1.785, 160, 0, 'HD1'],
      ['Wakefield', 53.6833, -1.4977, 100, 0, 'WF1'],
    ],
  },
  {
    hub: 'humber',
    name: 'Humber STEM Hub',
    region: 'Yorkshire and the Humber',
    towns: [
      ['Hull', 53.7676, -0.3274, 260, 1, 'HU1'],
      ['Scarborough', 54.2831, -0.3998, 61, 1, 'YO11'],
      ['Grimsby', 53.5675, -0.0803, 88, 1, 'DN31'],
    ],
  },
  {
    hub: 'greater-manchester',
    name: 'Greater Manchester STEM Hub',
    region: 'North West',
    towns: [
      ['Manchester', 53.4808, -2.2426, 550, 0, 'M1'],
      ['Salford', 53.4875, -2.2901, 260, 0, 'M5'],
      ['Stockport', 53.4106, -2.1575, 140, 0, 'SK1'],
      ['Bolton', 53.5769, -2.4282, 195, 0, 'BL1'],
      ['Oldham', 53.5409, -2.1114, 100, 0, 'OL1'],
      ['Wigan', 53.545, -2.6325, 104, 0, 'WN1'],
    ],
  },
  {
    hub: 'merseyside-cheshire',
    name: 'Merseyside and Cheshire STEM Hub',
    region: 'North West',
    towns: [
      ['Liverpool', 53.4084, -2.9916, 500, 1, 'L1'],
      ['Chester', 53.1934, -2.8931, 80, 0, 'CH1'],
      ['Warrington', 53.39, -2.597, 210, 0, 'WA1'],
    ],
  },
  {
    hub: 'lancashire-cumbria',
    name: 'Lancashire and Cumbria STEM Hub',
    region: 'North West',
    towns: [
      ['Preston', 53.7632, -2.7031, 145, 0, 'PR1'],
      ['Blackpool', 53.8175, -3.0357, 140, 1, 'FY1'],
      ['Lancaster', 54.0466, -2.8007, 52, 0, 'LA1'],
      ['Carlisle', 54.8925, -2.9329, 75, 0, 'CA1'],
      ['Barrow-in-Furness', 54.1108, -3.2261, 57, 1, 'LA14'],
      ['Blackburn', 53.748, -2.4822, 120, 0, 'BB1'],
    ],
  },
  {
    hub: 'north-east',
    name: 'North East STEM Hub',
    region: 'North East',
    towns: [
      ['Newcastle upon Tyne', 54.9783, -1.6178, 300, 0, 'NE1'],
      ['Sunderland', 54.9069, -1.3838, 175, 1, 'SR1'],
      ['Middlesbrough', 54.5742, -1.235, 140, 0, 'TS1'],
      ['Durham', 54.7753, -1.5849, 48, 0, 'DH1'],
      ['Darlington', 54.5236, -1.5595, 93, 0, 'DL1'],
      ['Hartlepool', 54.6863, -1.2129, 88, 1, 'TS24'],
      ['Berwick-upon-Tweed', 55.7705, -2.0054, 12, 1, 'TD15'],
      ['Hexham', 54.9702, -2.1015, 11, 0, 'NE46'],
    ],
  },
  {
    hub: 'wales',
    name: 'STEM Cymru',
    region: 'Wales (pseudo)',
    towns: [
      ['Cardiff', 51.4816, -3.1791, 360, 1, 'CF10'],
      ['Swansea', 51.6214, -3.9436, 240, 1, 'SA1'],
      ['Newport', 51.5842, -2.9977, 150, 0, 'NP20'],
      ['Wrexham', 53.0462, -2.993, 65, 0, 'LL11'],
      ['Aberystwyth', 52.4153, -4.0829, 19, 1, 'SY23'],
      ['Bangor', 53.2274, -4.1293, 18, 1, 'LL57'],
      ['Rhyl', 53.319, -3.4916, 26, 1, 'LL18'],
      ['Merthyr Tydfil', 51.7487, -3.3816, 43, 0, 'CF47'],
      ['Carmarthen', 51.8576, -4.3121, 16, 0, 'SA31'],
    ],
  },
  {
    hub: 'scotland',
    name: 'STEM Scotland',
    region: 'Scotland',
    towns: [
      ['Glasgow', 55.8642, -4.2518, 630, 0, 'G1'],
      ['Edinburgh', 55.9533, -3.1883, 525, 1, 'EH1'],
      ['Aberdeen', 57.1497, -2.0943, 200, 1, 'AB10'],
      ['Dundee', 56.462, -2.9707, 148, 1, 'DD1'],
      ['Inverness', 57.4778, -4.2247, 47, 0, 'IV1'],
      ['Stirling', 56.1165, -3.9369, 37, 0, 'FK8'],
      ['Perth', 56.395, -3.4308, 47, 0, 'PH1'],
      ['Ayr', 55.4586, -4.6292, 46, 1, 'KA7'],
      ['Dumfries', 55.0709, -3.6051, 33, 0, 'DG1'],
      ['Paisley', 55.8473, -4.4401, 77, 0, 'PA1'],
      ['Fort William', 56.8198, -5.1052, 10, 0, 'PH33'],
      ['Kirkwall', 58.981, -2.96, 10, 1, 'KW15'],
      ['Stornoway', 58.209, -6.385, 8, 1, 'HS1'],
    ],
  },
  {
    hub: 'northern-ireland',
    name: 'STEM Northern Ireland',
    region: 'Northern Ireland',
    towns: [
      ['Belfast', 54.5973, -5.9301, 345, 1, 'BT1'],
      ['Derry', 54.9966, -7.3086, 85, 0, 'BT48'],
      ['Newry', 54.1751, -6.3402, 27, 0, 'BT34'],
      ['Lisburn', 54.5162, -6.058, 45, 0, 'BT28'],
      ['Omagh', 54.5977, -7.31, 20, 0, 'BT78'],
      ['Coleraine', 55.1326, -6.6646, 25, 1, 'BT52'],
    ],
  },
];

export const PLACES: Place[] = GROUPS.flatMap((g) =>
  g.towns.map(([name, lat, lon, pop, coastal, postcode]) => ({
    name,
    lat,
    lon,
    pop,
    region: g.region,
    coastal: coastal === 1,
    postcode,
    hub: g.hub,
  })),
);

/** Hubs with the GIAS regions they serve; a region split between hubs is listed under its first hub only. */
export const HUBS = GROUPS.map((g, i) => ({
  id: g.hub,
  name: g.name,
  regions: GROUPS.findIndex((h) => h.region === g.region) === i ? [g.region] : [],
}));

/** The hub the small and region scales are drawn from (Hastings is in it: TN34). */
export const REGION_HUB = 'kent-sussex';
