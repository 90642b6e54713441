console.log('ldb');
