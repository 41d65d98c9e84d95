console.log("mine, kept")
