// Reads GeoJSON on stdin and prints the issues @placemarkio/check-geojson
// finds as a JSON array (empty when the document is valid).
import { getIssues } from "@placemarkio/check-geojson";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");
process.stdout.write(JSON.stringify(getIssues(text)) + "\n");
