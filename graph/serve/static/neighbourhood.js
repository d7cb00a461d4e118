// The neighbourhood picture: Cytoscape.js (bundled in static/vendor), nodes coloured by type;
// a click on a node opens its page. The page's table says the same without JavaScript.
(function () {
  "use strict";
  var colours = {
    Drug: "#2f7dd1", DrugClass: "#8a55c9", Target: "#d0632b",
    CancerType: "#c23b5a", SideEffect: "#2e9a6b", ImmuneCell: "#8c7a2b"
  };
  function start() {
    var box = document.getElementById("graph");
    var elements = JSON.parse(document.getElementById("elements").textContent);
    var cy = cytoscape({
      container: box,
      elements: elements,
      maxZoom: 1.6,
      layout: { name: "concentric", concentric: function (n) { return n.data("centre") ? 2 : 1; },
                levelWidth: function () { return 1; }, minNodeSpacing: 40, animate: false },
      style: [
        { selector: "node", style: {
            "background-color": function (n) { return colours[n.data("type")] || "#777"; },
            "label": "data(label)", "font-size": 11, "color": "#1d2430",
            "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22 } },
        { selector: "node[?centre]", style: { "width": 36, "height": 36, "font-weight": "bold",
            "border-width": 3, "border-color": "#1d2430" } },
        { selector: "edge", style: {
            "width": 1.5, "line-color": "#b8c0cc", "target-arrow-color": "#b8c0cc",
            "target-arrow-shape": "triangle", "curve-style": "bezier",
            "label": "data(relation)", "font-size": 9, "color": "#5b6472",
            "text-rotation": "autorotate", "text-background-color": "#fff",
            "text-background-opacity": 0.8 } }
      ]
    });
    cy.on("tap", "node", function (event) {
      window.location.href = "/entity/" + encodeURIComponent(event.target.data("label"));
    });
    window.immunokgGraph = cy;
    box.setAttribute("data-nodes", String(cy.nodes().length));
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
