//! The province map's geometry: the DPRK's first-level divisions (Natural
//! Earth, public domain, simplified; `data/kp-provinces.geojson`) projected
//! once into SVG path data, plus point markers for Nampo and Kaesong, which
//! that file draws inside South Pyongan and North Hwanghae.

use std::sync::OnceLock;

use serde::Deserialize;

/// The map's source data, credited in the reader's footer.
pub const PROVINCES_GEOJSON: &str = include_str!("../data/kp-provinces.geojson");
/// City and county centres (Open Admin Data, CC BY 4.0), by gazetteer id;
/// made by `data/make_place_points.py`.
pub const PLACE_POINTS_JSON: &str = include_str!("../data/place-points.json");
/// The credit line the data's README suggests.
pub const CREDIT: &str = "Province boundaries: Natural Earth (public domain), simplified.";

/// One province as the map draws it.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// SVG path data in the map's coordinates.
    Area(String),
    /// A marker's centre (for divisions without a polygon of their own).
    Point { x: f64, y: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Province {
    /// The gazetteer's province id.
    pub id: String,
    pub name: String,
    /// The Hangul name as the DPRK writes it (량강도, 평양직할시).
    pub name_ko: String,
    pub shape: Shape,
    /// Where a label or tooltip anchors: the largest ring's centroid, or the point.
    pub anchor: (f64, f64),
}

/// The projected map: every province, and the SVG view box `(width, height)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceMap {
    pub width: f64,
    pub height: f64,
    pub provinces: Vec<Province>,
    projection: Projection,
}

/// Longitude and latitude to map units.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Projection {
    west: f64,
    north: f64,
    squeeze: f64,
    pad: f64,
}

impl Projection {
    fn at(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.west) * self.squeeze * SCALE + self.pad, (self.north - lat) * SCALE + self.pad)
    }
}

impl ProvinceMap {
    /// Where a gazetteer place (a city or county) sits on the map, if its centre is known.
    pub fn place(&self, id: &str) -> Option<(f64, f64)> {
        place_coordinates().get(id).map(|&(lon, lat)| self.projection.at(lon, lat))
    }
}

/// Every known city and county centre, as (longitude, latitude).
pub fn place_coordinates() -> &'static std::collections::HashMap<String, (f64, f64)> {
    static POINTS: OnceLock<std::collections::HashMap<String, (f64, f64)>> = OnceLock::new();
    POINTS.get_or_init(|| {
        #[derive(Deserialize)]
        struct File {
            points: std::collections::HashMap<String, [f64; 2]>,
        }
        serde_json::from_str::<File>(PLACE_POINTS_JSON).map(|f| f.points.into_iter().map(|(k, [lon, lat])| (k, (lon, lat))).collect()).unwrap_or_default()
    })
}

/// Divisions the source draws inside another province, at their city centres
/// (the coordinates the data's own checks use).
const POINTS: [(&str, &str, &str, f64, f64); 2] = [
    ("nampo", "Nampo", "남포특별시", 125.4075, 38.7375),
    ("kaesong", "Kaesong", "개성특별시", 126.5544, 37.9708),
];

/// Map units per degree of latitude.
const SCALE: f64 = 100.0;

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    id: String,
    name: String,
    name_ko: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

/// The built-in map, projected on first use.
pub fn province_map() -> &'static ProvinceMap {
    static MAP: OnceLock<ProvinceMap> = OnceLock::new();
    // The data is checked by this module's tests; an empty map is the fallback, never a panic.
    MAP.get_or_init(|| {
        project(PROVINCES_GEOJSON).unwrap_or(ProvinceMap {
            width: 1.0,
            height: 1.0,
            provinces: Vec::new(),
            projection: Projection { west: 0.0, north: 0.0, squeeze: 1.0, pad: 0.0 },
        })
    })
}

/// Projects GeoJSON provinces (equirectangular, shrunk east-west by the cosine of
/// the middle latitude, so shapes keep their proportions at 38-43° N).
pub fn project(geojson: &str) -> Result<ProvinceMap, serde_json::Error> {
    let collection: Collection = serde_json::from_str(geojson)?;
    let polygons = |g: &Geometry| -> Vec<Vec<Vec<[f64; 2]>>> {
        match g {
            Geometry::Polygon(p) => vec![p.clone()],
            Geometry::MultiPolygon(m) => m.clone(),
        }
    };
    let mut bounds = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for f in &collection.features {
        for ring in polygons(&f.geometry).iter().flatten() {
            for &[lon, lat] in ring {
                bounds = [bounds[0].min(lon), bounds[1].min(lat), bounds[2].max(lon), bounds[3].max(lat)];
            }
        }
    }
    let squeeze = ((bounds[1] + bounds[3]) / 2.0).to_radians().cos();
    let pad = 4.0;
    let projection = Projection { west: bounds[0], north: bounds[3], squeeze, pad };
    let at = |lon: f64, lat: f64| projection.at(lon, lat);
    let mut provinces = Vec::new();
    for f in &collection.features {
        let mut path = String::new();
        let mut biggest = (0.0f64, (0.0, 0.0));
        for polygon in polygons(&f.geometry) {
            for (r, ring) in polygon.iter().enumerate() {
                let points: Vec<(f64, f64)> = ring.iter().map(|&[lon, lat]| at(lon, lat)).collect();
                for (i, (x, y)) in points.iter().enumerate() {
                    path.push_str(&format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x, y));
                }
                path.push('Z');
                if r == 0 {
                    let (area, centre) = centroid(&points);
                    if area > biggest.0 {
                        biggest = (area, centre);
                    }
                }
            }
        }
        provinces.push(Province {
            id: f.properties.id.clone(),
            name: f.properties.name.clone(),
            name_ko: f.properties.name_ko.clone(),
            shape: Shape::Area(path),
            anchor: biggest.1,
        });
    }
    for (id, name, name_ko, lon, lat) in POINTS {
        let (x, y) = at(lon, lat);
        provinces.push(Province { id: id.into(), name: name.into(), name_ko: name_ko.into(), shape: Shape::Point { x, y }, anchor: (x, y) });
    }
    let width = (bounds[2] - bounds[0]) * squeeze * SCALE + 2.0 * pad;
    let height = (bounds[3] - bounds[1]) * SCALE + 2.0 * pad;
    Ok(ProvinceMap { width, height, provinces, projection })
}

/// A ring's area and centroid (shoelace formula).
fn centroid(points: &[(f64, f64)]) -> (f64, (f64, f64)) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a.abs() < f64::EPSILON {
        return (0.0, points.first().copied().unwrap_or_default());
    }
    (a.abs() / 2.0, (cx / (3.0 * a), cy / (3.0 * a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::PROVINCE_ORDER;

    #[test]
    fn every_province_of_the_facet_is_on_the_map_once() {
        let map = province_map();
        let mut ids: Vec<&str> = map.provinces.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        let mut want = PROVINCE_ORDER.to_vec();
        want.sort();
        assert_eq!(ids, want);
        let points: Vec<&str> = map.provinces.iter().filter(|p| matches!(p.shape, Shape::Point { .. })).map(|p| p.id.as_str()).collect();
        assert_eq!(points, ["nampo", "kaesong"]);
    }

    #[test]
    fn shapes_lie_inside_the_view_box_where_they_belong() {
        let map = province_map();
        assert!((400.0..600.0).contains(&map.width) && (450.0..650.0).contains(&map.height), "{} x {}", map.width, map.height);
        let anchor = |id: &str| map.provinces.iter().find(|p| p.id == id).unwrap().anchor;
        for p in &map.provinces {
            let (x, y) = p.anchor;
            assert!(x > 0.0 && x < map.width && y > 0.0 && y < map.height, "{} at {x},{y}", p.id);
            if let Shape::Area(path) = &p.shape {
                assert!(path.starts_with('M') && path.ends_with('Z'));
            }
        }
        // Ryanggang lies north-east of Pyongyang; Rason is the far north-east; Kaesong the far south.
        let (ry, py, ra, ka) = (anchor("ryanggang"), anchor("pyongyang"), anchor("rason"), anchor("kaesong"));
        assert!(ry.0 > py.0 && ry.1 < py.1);
        assert!(map.provinces.iter().all(|p| p.anchor.0 <= ra.0 + 1.0));
        assert!(map.provinces.iter().all(|p| p.anchor.1 <= ka.1 + 1.0));
        // Nampo sits south-west of Pyongyang, on the coast.
        let np = anchor("nampo");
        assert!(np.0 < py.0 && np.1 > py.1);
    }

    #[test]
    fn hangul_names_are_the_norths_spelling() {
        let map = province_map();
        let ko = |id: &str| map.provinces.iter().find(|p| p.id == id).unwrap().name_ko.as_str();
        assert_eq!(ko("ryanggang"), "량강도");
        assert_eq!(ko("jagang"), "자강도");
    }

    #[test]
    fn cities_and_counties_sit_inside_the_map_near_their_province() {
        let map = province_map();
        assert!(place_coordinates().len() > 150);
        let g = crate::gazetteer::Gazetteer::builtin();
        for id in ["hyesan", "sinuiju", "chongjin", "hoeryong", "kanggye", "wonsan", "haeju", "hamhung", "musan"] {
            let (x, y) = map.place(id).unwrap_or_else(|| panic!("{id} has no point"));
            assert!(x > 0.0 && x < map.width && y > 0.0 && y < map.height, "{id} at {x},{y}");
            // Nearer its own province's centre than the map's far corners.
            let province = g.entities().iter().find(|e| e.id == id).and_then(|e| e.province.clone()).unwrap();
            let (px, py) = map.provinces.iter().find(|p| p.id == province).unwrap().anchor;
            assert!(((x - px).powi(2) + (y - py).powi(2)).sqrt() < 160.0, "{id} is far from {province}");
        }
        assert_eq!(map.place("atlantis"), None);
    }

    #[test]
    fn bad_data_is_an_error_not_a_panic() {
        assert!(project("{}").is_err());
        assert!(project(r#"{"features": [{"properties": {}, "geometry": null}]}"#).is_err());
    }
}
