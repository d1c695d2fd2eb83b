/*
 * Searchable pickers. A <select data-lookup="URL"> (members.pickers) holds only its chosen
 * options; here it becomes a Tom Select (static/vendor/tom-select) that asks URL?q=&page=
 * for {"results": [{"id", "text"}], "more": bool}, a page at a time as the list scrolls.
 * Its texts (placeholder, no match, searching) come translated in data- attributes.
 */
(function () {
  "use strict";

  function pageAddress(base, query, page) {
    const address = new URL(base, window.location.href);
    address.searchParams.set("q", query);
    address.searchParams.set("page", String(page));
    return address.toString();
  }

  function message(text) {
    const element = document.createElement("div");
    element.className = "no-results";
    element.textContent = text;
    return element;
  }

  function enhance(select) {
    const base = select.dataset.lookup;
    const plugins = ["virtual_scroll"];
    if (select.multiple) {
      plugins.push("remove_button");
    }
    // eslint-disable-next-line no-undef
    new TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [], // the server searches; every option it sends is shown
      plugins: plugins,
      maxOptions: null,
      preload: "focus",
      loadThrottle: 250,
      placeholder: select.dataset.placeholder,
      firstUrl: function (query) {
        return pageAddress(base, query, 1);
      },
      load: function (query, callback) {
        const address = this.getUrl(query);
        const self = this;
        fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (data) {
            if (data.more) {
              const current = Number(new URL(address).searchParams.get("page")) || 1;
              self.setNextUrl(query, pageAddress(base, query, current + 1));
            }
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          return message(select.dataset.noResults);
        },
        loading: function () {
          return message(select.dataset.loading);
        },
        loading_more: function () {
          return message(select.dataset.loading);
        },
        no_more_results: function () {
          return document.createElement("span");
        },
      },
    });
  }

  document.querySelectorAll("select[data-lookup]").forEach(enhance);
})();
